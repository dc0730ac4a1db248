"""cedta: technical assistance for community economic development, on plain YAML files."""

__version__ = "0.1.0"
