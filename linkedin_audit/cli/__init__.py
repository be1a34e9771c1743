"""The `linkedin-audit` command: thin commands over the package. `app` is the entry point; importing the
command modules registers their commands on it."""

from linkedin_audit.cli import commands, lists, network, query  # noqa: F401  (registers the commands)
from linkedin_audit.cli.app import app

__all__ = ["app"]
