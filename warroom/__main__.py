"""``python -m warroom`` and the ``warroom`` console script."""

from __future__ import annotations

import sys

from warroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
