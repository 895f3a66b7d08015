"""Offline sync through export bundles: signed BagIt zips, verified as hostile input, merged by revision.

This package never imports Textual; the TUI and the CLI are thin shells over these functions.
"""

from inspect_tui.sync.errors import BundleError, KeyProblem
from inspect_tui.sync.export import ExportResult, export_bundle
from inspect_tui.sync.importer import Receipt, import_bundles
from inspect_tui.sync.verify import VerifyReport, verify_bundle

__all__ = [
    "BundleError",
    "ExportResult",
    "KeyProblem",
    "Receipt",
    "VerifyReport",
    "export_bundle",
    "import_bundles",
    "verify_bundle",
]
