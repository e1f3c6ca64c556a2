"""The worker's exceptions, all under one root.

::

    WorkerError
    ├── ConfigError          a setting is missing or invalid: fix the environment
    ├── ModelIntegrityError  the NLP model's files differ from the pinned ones
    ├── BrokerUnavailable    the embedded broker could not be started or reached
    └── StateDirError        no state directory could be claimed (WORKER_DATA_DIR)

Expected rejections (bad input, duplicates) are not exceptions: they are
return values with a reason.
"""


class WorkerError(Exception):
    """Root of every error the worker raises on purpose."""


class ConfigError(WorkerError):
    """A setting is missing or invalid; the message names the variable."""
