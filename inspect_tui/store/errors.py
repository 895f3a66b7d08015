"""The store's error type, importable without loading SQLite helpers."""


class StoreError(Exception):
    """A storage problem explained in one sentence for the user."""
