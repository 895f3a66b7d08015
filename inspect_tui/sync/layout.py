"""What a bundle looks like inside: member names, the format's identity and the reading limits.

A bundle is a zip laid out as a BagIt bag (RFC 8493)::

    bagit.txt                 BagIt-Version 1.0, UTF-8
    bag-info.txt              format, version, bundle id, device, seq range, counts (no personal data)
    manifest-sha256.txt       sha256 of every file under data/
    tagmanifest-sha256.txt    sha256 of bagit.txt, bag-info.txt, manifest-sha256.txt, signer.pub
    signer.pub                the signer's Ed25519 public key (hex)
    signature.ed25519         base64 Ed25519 signature over the exact bytes of tagmanifest-sha256.txt
    data/<kind>.jsonl         one revision envelope per line, kinds parents first
    data/<kind>-0002.jsonl …  the same kind continued, when one file would pass PART_BYTES
    data/blobs/<sha256>       attachment bytes, named by their SHA-256
    data/roster.json          the team roster the signer pinned (optional, version 2)
    data/segments.jsonl       signed change-log segments of the origins carried (optional, version 2)

The signature file is the one tag file the tag manifest cannot list (it signs the tag manifest);
BagIt allows tag files that no tag manifest lists, so the bag stays valid.
"""

from __future__ import annotations

import re
from typing import Final

from inspect_tui.domain.models import RECORD_TYPES
from inspect_tui.i18n import _
from inspect_tui.store.blobs import MAX_ATTACHMENT_BYTES

FORMAT_NAME: Final = "inspect-tui-bundle"
FORMAT_VERSION: Final = 2
"""Version 2 adds data/roster.json and data/segments.jsonl (origin segments, see sync.trust)."""
READABLE_VERSIONS: Final = (1, 2)
"""Versions this app imports (version 1 bundles carry no segments: only their signer's own revisions pass)."""

KINDS: Final[tuple[str, ...]] = tuple(model.table for model in RECORD_TYPES)
"""Record kinds in the order a bundle carries them: parents before children."""

BAGIT_TXT: Final = "bagit.txt"
BAG_INFO: Final = "bag-info.txt"
MANIFEST: Final = "manifest-sha256.txt"
TAGMANIFEST: Final = "tagmanifest-sha256.txt"
SIGNER: Final = "signer.pub"
SIGNATURE: Final = "signature.ed25519"
BLOB_DIR: Final = "data/blobs/"
ROSTER: Final = "data/roster.json"
"""The team roster the signer had pinned (signed by the central key; optional)."""
SEGMENTS: Final = "data/segments.jsonl"
"""Signed change-log segments: one per origin device whose revisions the bundle carries (optional)."""
MAX_ROSTER_BYTES: Final = 1024**2

BAGIT_TXT_BYTES: Final = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"

TAG_FILES: Final = (BAGIT_TXT, BAG_INFO, MANIFEST, TAGMANIFEST, SIGNER, SIGNATURE)
SIGNED_TAG_FILES: Final = (BAGIT_TXT, BAG_INFO, MANIFEST, SIGNER)
"""The tag files the tag manifest lists (and so the signature covers)."""

DIRECTORY_ENTRIES: Final = frozenset({"data/", BLOB_DIR})
"""Directory entries some zip tools add; harmless, carry nothing."""


def kind_member(kind: str) -> str:
    """The member holding one kind's revisions, e.g. data/occupants.jsonl."""
    return f"data/{kind}.jsonl"


def blob_member(sha256: str) -> str:
    """The member holding one attachment's bytes."""
    return f"{BLOB_DIR}{sha256}"


def kind_part(kind: str, number: int) -> str:
    """The member holding part number of one kind's revisions: part 1 is data/<kind>.jsonl, then
    data/<kind>-0002.jsonl, data/<kind>-0003.jsonl … (a kind too large for one member)."""
    return kind_member(kind) if number == 1 else f"data/{kind}-{number:04d}.jsonl"


KIND_MEMBERS: Final[dict[str, str]] = {kind_member(k): k for k in KINDS}
_BLOB_NAME = re.compile(r"^data/blobs/([0-9a-f]{64})$")
_PART_NAME = re.compile(r"^data/([a-z]+)-([0-9]{4})\.jsonl$")
MAX_PARTS: Final = 9999
"""Most parts one kind may be split into."""


def part_of(name: str) -> tuple[str, int] | None:
    """(kind, part number) of a data/<kind>.jsonl or data/<kind>-NNNN.jsonl member, or None."""
    if name in KIND_MEMBERS:
        return KIND_MEMBERS[name], 1
    match = _PART_NAME.fullmatch(name)
    if match is None or match.group(1) not in KINDS or int(match.group(2)) < 2:
        return None
    return match.group(1), int(match.group(2))


def blob_sha(name: str) -> str | None:
    """The SHA-256 a blob member is named by, or None when name is not a blob member."""
    match = _BLOB_NAME.fullmatch(name)
    return match.group(1) if match else None


# Limits: a bundle from a real device stays far below them; a hostile one is stopped early.
MAX_BUNDLE_BYTES: Final = 4 * 1024**3
"""Largest bundle file read at all."""
MAX_ENTRIES: Final = 20_000
"""Most zip entries (one per attachment, plus a dozen)."""
MAX_CENTRAL_DIRECTORY_BYTES: Final = MAX_ENTRIES * 400
"""Largest central directory (read before anything else)."""
MAX_TAG_FILE_BYTES: Final = 64 * 1024
"""Largest bagit.txt, bag-info.txt, tagmanifest, signer.pub or signature."""
MAX_MANIFEST_BYTES: Final = MAX_ENTRIES * 128
"""Largest manifest-sha256.txt (one line per payload file)."""
MAX_JSONL_BYTES: Final = 512 * 1024**2
"""Largest data/<kind>.jsonl, uncompressed."""
MAX_BLOB_BYTES: Final = MAX_ATTACHMENT_BYTES
"""Largest attachment, uncompressed: the store's own limit (50 MB)."""
MAX_TOTAL_BYTES: Final = 3 * 1024**3
"""Most bytes all members may inflate to together."""
MAX_RATIO: Final = 200
"""Highest compression ratio accepted: JSON Lines compress 5–30 times, zip bombs 1000 times."""
RATIO_FLOOR_BYTES: Final = 1024**2
"""Members that inflate to less than this are not held to MAX_RATIO (tiny files compress oddly)."""
PART_BYTES: Final = 256 * 1024**2
"""Where an export starts the next part of a kind (half of MAX_JSONL_BYTES, so an importer of this
version accepts every part an export writes)."""
MAX_LINE_BYTES: Final = 1024**2
"""Longest line of a data/<kind>.jsonl."""
CHUNK_BYTES: Final = 64 * 1024
"""How much is inflated at a time."""


def member_limit(name: str) -> int:
    """The most bytes the member may inflate to."""
    if name == MANIFEST:
        return MAX_MANIFEST_BYTES
    if name in TAG_FILES:
        return MAX_TAG_FILE_BYTES
    if name == SEGMENTS or part_of(name) is not None:
        return MAX_JSONL_BYTES
    if name == ROSTER:
        return MAX_ROSTER_BYTES
    return MAX_BLOB_BYTES


def check_member_name(name: str) -> str | None:
    """Why a zip entry name is not allowed in a bundle, or None when it is."""
    if "\x00" in name:
        return _("a NUL byte in the name")
    if "\\" in name:
        return _("a backslash in the name")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return _("an absolute path")
    if any(part == ".." for part in name.split("/")):
        return _("a path that leaves the bundle (..)")
    if name in TAG_FILES or name in DIRECTORY_ENTRIES or name in (ROSTER, SEGMENTS) or part_of(name) is not None:
        return None
    if blob_sha(name):
        return None
    return _("not part of the bundle layout")
