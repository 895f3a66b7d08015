from __future__ import annotations

import sys
from pathlib import Path

# The end-to-end tests drive the TUI with the same seed and helpers as the pilot tests.
sys.path.insert(0, str(Path(__file__).parent.parent / "tui"))
