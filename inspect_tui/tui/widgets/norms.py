"""Short names of the norms, as the review screens show them."""

from __future__ import annotations

from inspect_tui.reports.text import NORM_BY_TEMPLATE
from inspect_tui.tui.i18n import _


def norm_label(norm: str) -> str:
    """SNF, AKF, RI&E, COVID, or "other" for findings without an item."""
    return NORM_BY_TEMPLATE.get(norm, _("other") if norm == "other" else norm.upper())
