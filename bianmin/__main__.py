"""``python -m bianmin`` is the ``bianmin`` command."""

import sys

from bianmin.cli import main

sys.exit(main())
