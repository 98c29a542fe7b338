#!/usr/bin/env python
"""Django's command-line utility; `pdca` (src/pdca/cli.py) is the same under the project's name."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from pdca.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
