"""The central system's storage: PostgreSQL, the only part of ``central`` that writes to it.

``connect`` opens the database, ``migrations`` keeps its schema, ``writer`` is the merge core's
batch writer for it and ``handouts`` records what the central system hands out and its teams.
"""
