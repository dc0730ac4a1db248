"""cedta: technical-assistance plans, matching and gap reports for community economic development hubs."""

__version__ = "0.1.0"
