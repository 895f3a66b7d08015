"""The one error a bundle problem raises: a single line naming the file, member, line and reason."""

from __future__ import annotations


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
        member = self.member if self.line is None or not self.member else f"{self.member} line {self.line}"
        text = " ".join(self.reason.split())  # always one line, whatever the reason held
        return ": ".join(part for part in (self.source, member, text) if part)


class KeyProblem(BundleError):
    """A missing, damaged or mismatched key (signing key, central key, trusted-keys file)."""
