"""SQLite storage through sqlite-utils: schema, records with revisions, change log."""

from inspect_tui.store.db import StoreError, open_db
from inspect_tui.store.records import delete, get, save, transaction

__all__ = ["StoreError", "delete", "get", "open_db", "save", "transaction"]
