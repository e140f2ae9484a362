"""Reading a raw capture from disk: bytes to text, with clear refusals.

Everything here is about the file, not the story: encoding, emptiness, binary
content. The cleaner then works on text only.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import UserError

MAX_CAPTURE_BYTES = 20 * 1024 * 1024
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START_RE = re.compile(rb"<(!doctype\s+html|html|head|meta|body)\b", re.IGNORECASE)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Capture:
    path: Path
    data: bytes
    text: str
    is_html: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_capture(path: Path, html: bool | None = None) -> Capture:
    """Read a capture; `html` None means: decide from the name and the first bytes."""
    try:
        size = path.stat().st_size  # before reading: a huge file is refused without loading it
        if size > MAX_CAPTURE_BYTES:
            raise UserError(f"{path}: {size:,} bytes is larger than the {MAX_CAPTURE_BYTES:,}-byte limit for one capture; split it or save only the article")
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
    if html is None:
        html = path.suffix.lower() in HTML_SUFFIXES or _starts_like_html(data[:4096])
    text = decode_html(path, data) if html else decode(path, data)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise UserError(f"{path}:{line}: the capture contains a NUL byte, which no text or web page has; capture the page again")
    return Capture(path, data, text, is_html=bool(html))


def _starts_like_html(head: bytes) -> bool:
    """Whether the bytes open like a web page, after any leading comments. A loop, not one
    pattern: `(<!--.*?-->\\s*)*` backtracked for minutes on a run of unclosed comments."""
    position = 0
    while True:
        position = len(head) - len(head[position:].lstrip())
        if not head.startswith(b"<!--", position):
            return bool(_HTML_START_RE.match(head, position))
        end = head.find(b"-->", position + 4)
        if end < 0:
            return False
        position = end + 3


def decode_html(path: Path, data: bytes) -> str:
    """A saved page says its encoding in a BOM or a <meta charset>; without either it must be UTF-8."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(path, data)
    declared = _CHARSET_RE.search(data[:8192])
    if declared:
        name = declared.group(1).decode("ascii", "replace")
        try:
            codec = codecs.lookup(name)
        except LookupError:
            raise UserError(f"{path}: the page declares the encoding '{name}', which is unknown; save it again as UTF-8") from None
        if not getattr(codec, "_is_text_encoding", True):  # base64, rot13...: codecs, not text encodings
            raise UserError(f"{path}: the page declares the encoding '{name}', which is not a text encoding; save it again as UTF-8")
        try:
            return _normalise_newlines(data.decode(codec.name))
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise UserError(f"{path}:{line}: the page says it is {name} but byte 0x{data[error.start]:02x} is not; save it again as UTF-8") from None
        except UnicodeError as error:  # punycode and the like fail without a position
            raise UserError(f"{path}: the page says it is {name}, which cannot be read ({error}); save it again as UTF-8") from None
    return decode(path, data)


def decode(path: Path, data: bytes) -> str:
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _normalise_newlines(data.decode(encoding))
            except UnicodeDecodeError as error:
                raise UserError(f"{path}: the file starts like {encoding.upper()} text but byte {error.start} is not; save it again as UTF-8") from None
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
