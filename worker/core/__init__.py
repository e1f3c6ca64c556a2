"""The pure core: synchronous functions from bytes and state to records.

Parsing, validation, splitting, normalizing, hashing, dedupe decisions,
pending-entry updates, output building and the offline pipeline. State and
clock are passed in. Nothing here does I/O or imports faust, aiokafka or the
packages above it (``worker.stream``, ``worker.cli``, ``worker.testing``);
``make lint`` checks this with import-linter.
"""
