"""One screen or dialog per module; a screen opens another by posting a ``tui.messages`` message, never by importing it."""
