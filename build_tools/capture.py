"""Reading a raw capture from disk: bytes to text, with clear refusals.

Everything here is about the file, not the story: encoding, emptiness, binary
content. The cleaner then works on text only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

MAX_CAPTURE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Capture:
    path: Path
    data: bytes
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_capture(path: Path) -> Capture:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder; give the capture file itself") from None
    except OSError as error:
        raise UserError(f"{path}: cannot read it ({error.strerror})") from None
    if len(data) > MAX_CAPTURE_BYTES:
        raise UserError(f"{path}: {len(data):,} bytes is larger than the {MAX_CAPTURE_BYTES:,}-byte limit for one capture; split it or save only the article")
    if not data.strip():
        raise UserError(f"{path}: the file is empty; capture the page again")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(f"{path}: this is a binary file, not a text or HTML capture")
    return Capture(path, data, decode(path, data))


def decode(path: Path, data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return _normalise_newlines(data.decode(encoding))
    try:
        return _normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UserError(
            f"{path}:{line}: the capture is not UTF-8 (byte 0x{data[error.start]:02x}); "
            "save it again as UTF-8 (most editors: Save with Encoding > UTF-8)"
        ) from None


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
