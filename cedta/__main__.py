"""`python -m cedta` runs the command-line interface."""

from cedta.entry import main

if __name__ == "__main__":
    main()
