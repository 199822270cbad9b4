"""OpenWFO: a self-hosted workforce-optimization server speaking the Calabrio ONE REST API."""

__version__ = "0.1.0"
SERVER_NAME = "OpenWFO"
