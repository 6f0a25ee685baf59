"""``python -m zeebe_lite``: the command line (see :mod:`zeebe_lite.cli`)."""

import sys

from zeebe_lite.cli import main

if __name__ == "__main__":
    sys.exit(main())
