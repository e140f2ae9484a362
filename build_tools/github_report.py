"""Validation results in the forms GitHub Actions shows: workflow-command
annotations on the lines of the diff, and a Markdown step summary.

GitHub shows at most ten error annotations per step, so the summary lists
every problem; it also says what a valid change adds, for the reviewer.
Nothing here reads or writes files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .changes import KIND_LABELS, Changes, counted
from .errors import Problem

MAX_SUMMARY_ROWS = 2000  # a step summary may hold 1 MiB; this stays well under it

_FOLDER_TITLES = {kind: singular for kind, (singular, _plural) in KIND_LABELS.items()} | {"raw": "raw capture", "pages": "page"}


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF are the characters GitHub decodes."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ',', which end a property."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def problem_title(problem: Problem) -> str:
    parts = problem.path.split("/")
    kind = next((_FOLDER_TITLES[part] for part in parts[:-1] if part in _FOLDER_TITLES), None)
    return f"Invalid {kind}" if kind else "Invalid content"


def annotation(problem: Problem) -> str:
    """`::error file=…,line=…,col=…,title=…::message`, shown on that line of the pull request's diff."""
    properties = {"file": problem.path, "line": str(max(problem.line, 1)), "col": str(max(problem.col, 1)), "title": problem_title(problem)}
    joined = ",".join(f"{name}={escape_property(value)}" for name, value in properties.items())
    return f"::error {joined}::{escape_data(problem.message)}"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~])")  # enough that no emphasis, link or tag can form


def md_text(text: str) -> str:
    """Text from a record, shown literally in Markdown (no emphasis, links or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def problems_markdown(problems: list[Problem], file_url: str = "") -> str:
    """Every problem as a table row; `file_url` (…/blob/<sha>/) makes each location a link."""
    files = len({problem.path for problem in problems})
    lines = [
        f"## ❌ Chronicle: {len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} file{'s' if files != 1 else ''}",
        "",
        "Fix each one, then run `chronicle validate` again (locally: `make validate`).",
        "",
        "| Where | Problem |",
        "| --- | --- |",
    ]
    for problem in problems[:MAX_SUMMARY_ROWS]:
        where = f"{problem.path}:{problem.line}:{problem.col}"
        shown = f"[`{where}`]({file_url}{problem.path}#L{problem.line})" if file_url else f"`{where}`"
        lines.append(f"| {shown} | {md_text(problem.message)} |")
    if len(problems) > MAX_SUMMARY_ROWS:
        lines.append(f"\n{len(problems) - MAX_SUMMARY_ROWS} more problems are not listed here; `chronicle validate` prints them all.")
    return "\n".join(lines) + "\n"


def valid_markdown(counts: Mapping[str, int], changes: Changes | None, comparison_error: str = "") -> str:
    checked = ", ".join(counted(kind, number) for kind, number in counts.items())
    lines = ["## ✅ Chronicle: every record is valid", "", f"Checked {checked}.", ""]
    if comparison_error:
        lines += [f"Could not compare with the base branch: {md_text(comparison_error)}", ""]
    if changes is not None:
        lines += changes_markdown(changes)
    return "\n".join(lines).rstrip() + "\n"


def changes_markdown(changes: Changes) -> list[str]:
    lines = [f"### What this change does, compared with `{changes.base_ref}`", "", f"{changes.headline().capitalize()}.", ""]
    for verb, groups in (("New", changes.added), ("Changed", changes.changed), ("Removed", changes.removed)):
        for kind, items in groups.items():
            if not items:
                continue
            lines += [f"#### {verb} {KIND_LABELS[kind][1]}", ""]
            for item in items:
                line = f"- **{md_text(item.label)}** (`{item.id}`)"
                if item.detail:
                    line += f": {md_text(item.detail)}"
                if item.fields:
                    line += f": {', '.join(item.fields)}"
                lines.append(line)
                lines += [f"  - {md_text(claim)}" for claim in item.claims]
            lines.append("")
    for kind, pairs in changes.renamed.items():
        if pairs:
            lines += [f"#### Renamed {KIND_LABELS[kind][1]}", ""]
            lines += [f"- `{old}` → `{new}` (the old address redirects)" for old, new in pairs]
            lines.append("")
    return lines
