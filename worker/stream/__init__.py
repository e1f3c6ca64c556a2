"""The Faust shell around the core: topics, tables, agents, timers and sending.

Only this package and the command-line tools talk to Kafka. It may import
``worker.core`` and ``worker.facts``, never ``worker.cli`` or ``worker.testing``.
"""
