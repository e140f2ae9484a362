"""What a change to the content adds, removes and alters, compared with a base
branch: the part of a pull request's summary a reviewer reads first.

Records are compared as validated models, so reformatting a file (folded
lines, reordered keys) is not a change; claims are paired by who made them
and in which report, so an edited claim shows as changed, not as one removed
and one added.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .errors import UserError
from .load import load_content
from .models import SCHEMA_NAMES, Claim, Event
from .validate import Archive, validate

# kind -> (singular, plural), in the order summaries list them; an article is a "report" to readers.
KIND_LABELS = {kind: (name, kind) for kind, name in SCHEMA_NAMES.items()} | {"articles": ("report", "reports")}


def counted(kind: str, number: int, adjective: str = "") -> str:
    """'1 new event', '3 people'."""
    singular, plural = KIND_LABELS[kind]
    return " ".join(filter(None, [str(number), adjective, singular if number == 1 else plural]))


@dataclass
class RecordChange:
    id: str
    label: str  # the title or name a reader knows it by
    fields: list[str] = field(default_factory=list)  # changed top-level fields
    claims: list[str] = field(default_factory=list)  # one line per added, removed or changed claim
    detail: str = ""  # for new records: kind, place, date


@dataclass
class Changes:
    base_ref: str
    added: dict[str, list[RecordChange]] = field(default_factory=dict)
    removed: dict[str, list[RecordChange]] = field(default_factory=dict)
    changed: dict[str, list[RecordChange]] = field(default_factory=dict)
    renamed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # kind -> (old id, new id)

    def headline(self) -> str:
        parts = []
        for verb, groups in (("new", self.added), ("changed", self.changed), ("removed", self.removed)):
            parts += [counted(kind, len(items), verb) for kind, items in groups.items() if items]
        parts += [counted(kind, len(pairs), "renamed") for kind, pairs in self.renamed.items() if pairs]
        return ", ".join(parts) if parts else "no record changed"


def load_base(content_dir: Path, ref: str) -> Archive:
    """The content folder as it is at `ref`, loaded and validated (problems in the
    base are not this change's and are ignored)."""
    top = Path(_git(content_dir, "rev-parse", "--show-toplevel").strip())
    prefix = content_dir.resolve().relative_to(top.resolve()).as_posix()
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except UserError:
        raise UserError(f"base '{ref}' is not a branch or commit in this repository; fetch it (git fetch origin {ref.removeprefix('origin/')}) or pass another --base") from None
    has_content = subprocess.run(["git", "cat-file", "-e", f"{commit}:{prefix}" if prefix != "." else commit], cwd=top, capture_output=True, check=False).returncode == 0
    # The content folder's tree at that commit; none when the folder is new.
    tree = _git_bytes(top, "archive", "--format=tar", f"{commit}:{prefix}" if prefix != "." else commit) if has_content else b""
    with tempfile.TemporaryDirectory(prefix="chronicle-base-") as folder:
        base_content = Path(folder) / "content"
        base_content.mkdir()
        if tree:
            with tarfile.open(fileobj=io.BytesIO(tree)) as archive:
                archive.extractall(base_content, filter="data")
        archive_at_base, _problems = validate(load_content(base_content))
    return archive_at_base


def _git(folder: Path, *args: str) -> str:
    return _git_bytes(folder, *args).decode("utf-8", "replace")


def _git_bytes(folder: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False)
    except FileNotFoundError:
        raise UserError("git is not installed; it is needed to compare with a base branch") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip() or "not a git repository?"
        raise UserError(f"{folder}: git {args[0]} failed: {reason}")
    return done.stdout


def compare(base: Archive, head: Archive, base_ref: str) -> Changes:
    changes = Changes(base_ref)
    for kind in KIND_LABELS:
        before = base.articles if kind == "articles" else base.records.get(kind, {})
        after = head.articles if kind == "articles" else head.records.get(kind, {})
        renamed = {old: new for new, model in after.items() if new not in before for old in getattr(model, "redirect_from", []) if old in before and old not in after}
        changes.renamed[kind] = sorted(renamed.items())
        old_ids = {new: old for old, new in renamed.items()}
        changes.added[kind] = [_described(kind, record_id, after[record_id]) for record_id in sorted(after) if record_id not in before and record_id not in old_ids]
        changes.removed[kind] = [RecordChange(record_id, _label(before[record_id])) for record_id in sorted(before) if record_id not in after and record_id not in renamed]
        changed = []
        for record_id in sorted(after):
            old_id = old_ids.get(record_id, record_id)
            if old_id not in before:
                continue
            change = _difference(record_id, before[old_id], after[record_id], renamed=old_id != record_id)
            if change:
                changed.append(change)
        changes.changed[kind] = changed
    return changes


def _label(model: BaseModel) -> str:
    return getattr(model, "title", None) or getattr(model, "name", "")


def _described(kind: str, record_id: str, model: BaseModel) -> RecordChange:
    if isinstance(model, Event):
        first, _last = model.span()
        detail = f"{first.text}, {model.kind}" + (f", at {', '.join(model.places)}" if model.places else "") + f", {_count(len(model.claims), 'claim')} from {_count(len(model.sources), 'report')}"
    elif kind == "articles":
        detail = f"{model.outlet}, {model.date}"  # type: ignore[attr-defined]
    elif kind == "places":
        detail = model.kind + (f" in {model.within}" if model.within else "")  # type: ignore[attr-defined]
    else:
        detail = getattr(model, "kind", "") or ""
    return RecordChange(record_id, _label(model), detail=detail)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _difference(record_id: str, before: BaseModel, after: BaseModel, renamed: bool = False) -> RecordChange | None:
    old, new = _dump(before), _dump(after)
    fields = [name for name in dict.fromkeys([*old, *new]) if old.get(name) != new.get(name) and not (renamed and name == "redirect_from")]
    if not fields:
        return None
    change = RecordChange(record_id, _label(after), fields=fields)
    if isinstance(before, Event) and isinstance(after, Event) and "claims" in fields:
        change.claims = claim_changes(before.claims, after.claims)
    return change


def _dump(model: BaseModel) -> dict:
    return model.model_dump(mode="json", by_alias=True, exclude_defaults=True)


def claim_changes(before: list[Claim], after: list[Claim]) -> list[str]:
    """One line per claim added, removed or changed; claims pair up by who made
    them and in which report, in order."""
    old = [_dump(claim) for claim in before]
    new = [_dump(claim) for claim in after]
    unmatched_old = [claim for claim in old if claim not in new]
    unmatched_new = [claim for claim in new if claim not in old]
    lines = []
    for claim in unmatched_new:
        partner = next((earlier for earlier in unmatched_old if (earlier["by"], earlier["source"]) == (claim["by"], claim["source"])), None) or next(
            (earlier for earlier in unmatched_old if (earlier["says"], earlier["source"]) == (claim["says"], claim["source"])), None)
        if partner is None:
            lines.append(f"new claim: {claim['by']} {claim['stance']}: {claim['says']} (source: {claim['source']})")
            continue
        unmatched_old.remove(partner)
        edits = [f"{name} {_short(partner.get(name))} → {_short(claim.get(name))}" for name in dict.fromkeys([*partner, *claim]) if partner.get(name) != claim.get(name)]
        lines.append(f"changed claim by {partner['by']} in {claim['source']}: {'; '.join(edits)}")
    for claim in unmatched_old:
        lines.append(f"removed claim: {claim['by']} {claim['stance']}: {claim['says']} (source: {claim['source']})")
    return lines


def _short(value: object, limit: int = 80) -> str:
    if value is None:
        return "(none)"
    text = " ".join(str(value).split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"
