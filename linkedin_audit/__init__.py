"""linkedin-audit: an honest, local audit of how you network, from your own LinkedIn data export."""

__version__ = "0.1.0"
