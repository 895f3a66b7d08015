"""The Textual terminal app: the only package that imports Textual.

It holds no SQL: screens read through ``store.queries`` and each user action calls one
function of ``store.workflow``. Screens ask for other screens by posting a message of
``tui.messages``; ``tui.app`` decides what to show. ``tui.context`` is what a screen may ask
of the app, so no screen imports the app.
"""
