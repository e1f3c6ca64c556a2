"""The command line: ``python -m worker COMMAND`` (also ``news-worker``)."""

from worker.cli.main import main

__all__ = ["main"]
