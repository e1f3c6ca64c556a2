"""Every exception the worker raises on purpose, under one root.

::

    WorkerError
    ├── ConfigError          a setting is missing or invalid: fix the environment
    ├── StateDirError        no state directory could be claimed: check WORKER_DATA_DIR
    ├── ModelIntegrityError  the NLP model's files differ from the pinned ones: reinstall
    ├── BrokerUnavailable    the embedded broker could not be started or reached
    ├── TopicError           a topic could not be created or is not visible
    │   └── TopicMismatch    a topic exists with another partition count
    ├── ReplicaFailed        a replica process exited or did not become ready
    ├── InputError           a file given on the command line cannot be read as input
    │   └── FixesError       a line of a redrive fixes file is not valid
    ├── RedriveError         the dead-letter topic could not be read
    ├── ProbeUnavailableError  the HTML parser probe cannot run here (internal: logged,
    │                        and pages are then bounded by tag count instead)
    └── NotADeadLetter       a record on the dead-letter topic is not a dead letter

The command line turns each into one line on stderr and the exit code in
``EXIT_CODES`` (the README lists them). Expected rejections of input (bad
articles, duplicates) are not exceptions: they are return values with a
reason, and end on the dead-letter topic.
"""

from __future__ import annotations


class WorkerError(Exception):
    """Root of every error the worker raises on purpose."""


class ConfigError(WorkerError):
    """A setting is missing or invalid; the message names the variable."""


class StateDirError(WorkerError):
    """No state directory could be claimed; the message names the setting."""


class ModelIntegrityError(WorkerError):
    """The installed NLP model differs from the pinned one; reinstall the package."""


class BrokerUnavailable(WorkerError):
    """The embedded broker could not be located, started or reached."""


class TopicError(WorkerError):
    """A topic could not be created or is not visible in the broker's metadata."""


class TopicMismatch(TopicError):
    """A topic exists with a different partition count (partitions cannot be changed
    without a new app id)."""


class ReplicaFailed(WorkerError):
    """A replica exited or did not become ready in time; the message has its log tail."""


class InputError(WorkerError):
    """A file named on the command line cannot be read as the command's input."""


class FixesError(InputError, ValueError):
    """A fixes file line is not what ``redrive --fixes`` accepts; the message names the line."""


class RedriveError(WorkerError):
    """The dead-letter topic could not be read; the message says what to check."""


class NotADeadLetter(WorkerError, ValueError):
    """A record on the dead-letter topic is not a ``dead_letter/1`` record.

    Something other than the worker wrote to the topic; redrive skips it.
    """


# Exit codes of the command line, by the kind of failure.
EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and reports failure (e.g. the demo lost records)
EXIT_CONFIG = 2  # ConfigError, StateDirError, bad command-line arguments
EXIT_UNREACHABLE = 3  # the broker cannot be reached
EXIT_INPUT = 4  # InputError, FixesError
EXIT_BROKER = 5  # BrokerUnavailable, TopicError, ReplicaFailed, RedriveError
EXIT_MODEL = 6  # ModelIntegrityError
EXIT_SEND_FAILED = 75  # a replica stopped itself on a send it could not complete

EXIT_CODES: dict[type[WorkerError], int] = {
    ConfigError: EXIT_CONFIG,
    StateDirError: EXIT_CONFIG,
    InputError: EXIT_INPUT,
    ModelIntegrityError: EXIT_MODEL,
    BrokerUnavailable: EXIT_BROKER,
    TopicError: EXIT_BROKER,
    ReplicaFailed: EXIT_BROKER,
    RedriveError: EXIT_BROKER,
}


def exit_code(exc: WorkerError) -> int:
    for kind in type(exc).__mro__:
        if kind in EXIT_CODES:
            return EXIT_CODES[kind]
    return EXIT_FAILED
