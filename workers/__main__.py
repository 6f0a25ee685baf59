"""``python -m workers`` is the ``fleet`` command."""

import sys

from workers.cli import main

sys.exit(main())
