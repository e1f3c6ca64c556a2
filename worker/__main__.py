import sys

from worker.cli.main import main

# Guarded: the extraction child process imports this module as __mp_main__.
if __name__ == "__main__":
    sys.exit(main())
