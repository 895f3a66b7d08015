"""Domain models and rules (stdlib and pydantic only, never Textual)."""
