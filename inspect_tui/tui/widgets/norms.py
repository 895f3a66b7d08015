"""Short names of the norms, as the review screens show them."""

from __future__ import annotations

from inspect_tui.tui.i18n import _

NORM_BY_TEMPLATE = {"snf": "SNF", "akf": "AKF", "rie": "RI&E", "covid-2020": "COVID"}
"""The same as ``reports.text.NORM_BY_TEMPLATE`` (not imported here: importing the reports
package loads the report model, which opening the review does not need; a test checks)."""


def norm_label(norm: str) -> str:
    """SNF, AKF, RI&E, COVID, or "other" for findings without an item."""
    return NORM_BY_TEMPLATE.get(norm, _("other") if norm == "other" else norm.upper())
