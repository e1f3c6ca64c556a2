"""A stream worker that cleans, deduplicates and enriches news articles."""

__version__ = "0.1.0"
