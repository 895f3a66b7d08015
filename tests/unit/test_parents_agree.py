"""The store's rule of which records a record cannot exist without (``store.held.PARENTS``: what
keeps a removal held) and the import checks' parent references (``sync.references``) are written
in two layers; they must name the same fields, or a bundle the checks take in could leave a record
standing under nothing."""

from __future__ import annotations

from inspect_tui.store.held import PARENTS
from inspect_tui.sync.references import REFERENCES


def test_the_held_rule_and_the_import_checks_name_the_same_parents() -> None:
    checked = {(kind, ref.field, ref.target) for kind, refs in REFERENCES.items() for ref in refs if ref.parent}
    held = {(kind, field, target) for kind, fields in PARENTS.items() for field, target in fields}
    assert checked == held
