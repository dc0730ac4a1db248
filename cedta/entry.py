"""The `cedta` command's entry point: the command line loaded behind a Ctrl-C guard, so that an
interrupt during start-up (typer, rich and the commands take a few tenths of a second to import)
ends quietly with exit 130 instead of a traceback from the middle of an import."""


def main() -> None:
    try:
        from cedta.cli import main as run
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()
