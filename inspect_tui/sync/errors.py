"""The one error a bundle problem raises: a single line naming the file, member, line and reason."""

from __future__ import annotations

from inspect_tui.domain.text import printable


class BundleError(Exception):
    """A bundle that cannot be written, verified or imported, explained in one line.

    `source` is the bundle file, `member` the file inside it, `line` the line in that member;
    each is left out of the message when unknown.
    """

    def __init__(
        self, reason: str, *, source: str | None = None, member: str | None = None, line: int | None = None
    ) -> None:
        self.reason = reason
        self.source = source
        self.member = member
        self.line = line
        super().__init__(reason)

    def located(self, *, source: str | None = None, member: str | None = None) -> BundleError:
        """The same error with the bundle (and member) filled in when they were not known yet."""
        return BundleError(
            self.reason,
            source=self.source or source,
            member=self.member or member,
            line=self.line,
        )

    def __str__(self) -> str:
        member = _shown(self.member, MAX_MEMBER_CHARS)
        if member and self.line is not None:
            from inspect_tui.i18n import _

            member = _("{member} line {line}").format(member=member, line=self.line)
        reason = _shown(self.reason, MAX_MESSAGE_CHARS)
        source = _shown(self.source, MAX_SOURCE_CHARS)
        if self.source and len(source) + len(member) + len(reason) + 4 > MAX_MESSAGE_CHARS:
            # The reason says what is wrong: a long folder gives way first, the file's name stays.
            source = _shown(_file_name(self.source), MAX_SOURCE_CHARS)
        prefix = ": ".join(part for part in (source, member) if part)
        room = max(MAX_MESSAGE_CHARS - len(prefix) - 2, MIN_REASON_CHARS)
        text = _shown(self.reason, room)
        return ": ".join(part for part in (prefix, text) if part)


MAX_MESSAGE_CHARS = 300
"""A refusal is one line of about this many characters at most."""
MAX_SOURCE_CHARS = 120
MAX_MEMBER_CHARS = 80
MIN_REASON_CHARS = 100


def _file_name(source: str) -> str:
    """The last part of a path (either separator), or the source as it is."""
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


def _shown(text: str | None, limit: int) -> str:
    """One line of printable text of at most limit characters (the middle cut out when longer)."""
    if not text:
        return ""
    flat = printable(" ".join(text.split()))  # one line; control characters shown escaped
    if len(flat) <= limit:
        return flat
    head = (limit - 1) * 2 // 3
    return f"{flat[:head]}…{flat[len(flat) - (limit - 1 - head) :]}"


class KeyProblem(BundleError):
    """A missing, damaged or mismatched key (signing key, central key, trusted-keys file)."""


class NewSigner(BundleError):
    """A bundle signed by a key nobody here has accepted yet (no roster pinned): a person must decide."""

    def __init__(self, reason: str, *, source: str | None, key: bytes, device: str) -> None:
        super().__init__(reason, source=source)
        self.key = key
        self.device = device
