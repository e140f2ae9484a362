"""Huge and hostile inputs: each gets a clear error, or is handled in bounded time and memory.

The limits these tests hold the tools to:

- a record, an article or a page is at most `load.MAX_RECORD_BYTES` (1 MiB);
  a bigger file is a `Problem` ("the file is N bytes; a record may be at most
  1,048,576") and is not parsed;
- a raw capture is at most `capture.MAX_CAPTURE_BYTES` (20 MiB); a bigger one is
  a `UserError` naming the file and the limit;
- YAML anchors and aliases are refused in records (no "billion laughs");
- YAML nested deeper than `load.MAX_NESTING` (50) levels is a `Problem`, never a
  traceback (PyYAML's composer recurses once per level and overflowed Python's
  stack near 330 levels before the loader counted them);
- a record has at most `models.MAX_ALIASES` (200) aliases: 100,000 validated in
  3 s but took 1,049 s and 2.6 GB to render (every alias joins one mention
  pattern, and search spellings grow with the square of a record's name words);
- everything that fits these limits loads, validates and renders in one process
  whose peak resident memory stays under 1.5 GB (`MAX_PEAK_MB`).

Cases that could hang or eat the machine run in a child process with a timeout
(`TIMEOUT`, a hang is a failure, not a stuck suite) and an address-space cap
(`ADDRESS_SPACE_CAP`, the memory bound: a runaway allocation is a MemoryError
there, not swap).
The child reports its own peak RSS; each test prints its time and peak memory
(`pytest -rP tests/test_limits.py` shows them). There are no wall-clock
assertions besides the timeout: speed is measured and reported, not tested.

"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from build_tools.capture import MAX_CAPTURE_BYTES
from build_tools.load import MAX_NESTING, MAX_RECORD_BYTES
from build_tools.models import MAX_ALIASES
from build_tools.pipeline import load_and_validate
from tests.fixtures import write_tree
from tests.test_validate import ARTICLE, VALID

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 120  # seconds for one child; generous, only there so that a hang fails
MAX_PEAK_MB = 1500  # the documented memory bound for one run
ADDRESS_SPACE_CAP = MAX_PEAK_MB * 1024**2  # bytes of virtual memory a child may map

HOSTILE_RECORD = "content/events/x.yml"

# Runs first in every child: cap its address space, take the temporary folder from
# argv, and define `done(result)`, which prints the result and the child's peak RSS.
CHILD_PRELUDE = f"""
import json, resource, sys
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE_CAP}, {ADDRESS_SPACE_CAP}))
tmp = Path(sys.argv[1])

def done(result):
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({{"result": result, "peak_mb": peak_kb / 1024}}))
"""


class ChildFailed(AssertionError):
    """The child exited with an error; the message ends with its last stderr lines."""


class ChildRecursed(ChildFailed):
    """... with a RecursionError."""


class ChildOutOfMemory(ChildFailed):
    """... with a MemoryError (it hit ADDRESS_SPACE_CAP)."""


class ChildTimedOut(ChildFailed):
    """... or did not finish within its timeout, and was killed."""


@dataclass
class Child:
    result: Any  # what the child passed to done()
    seconds: float
    peak_mb: float


def run_child(case: str, code: str, tmp: Path, timeout: float = TIMEOUT) -> Child:
    """Run `code` (after CHILD_PRELUDE) in a fresh interpreter from the repository;
    raise a ChildFailed on a timeout, a non-zero exit or a traceback; report time and memory."""
    script = CHILD_PRELUDE + textwrap.dedent(code)
    start = time.perf_counter()
    try:
        process = subprocess.run([sys.executable, "-c", script, str(tmp)], check=False, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ChildTimedOut(f"{case}: still running after {timeout} s (killed)") from None
    seconds = time.perf_counter() - start
    if process.returncode != 0 or "Traceback" in process.stderr:
        lines = process.stderr.strip().splitlines() or [""]
        failure = {"RecursionError": ChildRecursed, "MemoryError": ChildOutOfMemory}.get(lines[-1].split(":")[0], ChildFailed)
        tail = "\n".join(lines[-6:])
        raise failure(f"{case}: exit {process.returncode} after {seconds:.1f} s:\n{tail}")
    report = json.loads(process.stdout.strip().splitlines()[-1])
    child = Child(report["result"], seconds, report["peak_mb"])
    print(f"limits: {case}: {child.seconds:.2f} s (child, including start-up), peak RSS {child.peak_mb:.0f} MB")
    assert child.peak_mb < MAX_PEAK_MB, f"{case}: peak RSS {child.peak_mb:.0f} MB"
    return child


# Load and validate the valid archive plus whatever the case wrote; the result is
# the problems, as `path:line:col: error: message` lines.
VALIDATE_IN_CHILD = """
from build_tools.pipeline import load_and_validate
from tests.fixtures import write_tree
from tests.test_validate import VALID
write_tree(tmp, VALID)
archive, problems = load_and_validate(tmp / "content", tmp)
done([str(problem) for problem in problems])
"""


def assert_problems_only_in(problems: list[str], path: str) -> None:
    """There is one problem at least, and every problem is about `path`."""
    assert problems, f"no problem reported for {path}"
    assert all(problem.startswith(f"{path}:") for problem in problems), problems


# --- 1. aliases --------------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_at_the_first_alias(tmp_path):
    """A "billion laughs" record (9 lists of 9 aliases of the level below, 9 levels:
    9**9 strings if expanded) is one Problem at the first alias, `*a0` on line 2,
    found before anything expands it. In a child, because a loader that allowed
    aliases would hang in every walk over the data."""
    levels = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 9)}]" for level in range(1, 10)]
    write_tree(tmp_path, {HOSTILE_RECORD: "\n".join(levels) + "\n"})
    child = run_child("alias bomb", VALIDATE_IN_CHILD, tmp_path)
    assert child.result == [f"{HOSTILE_RECORD}:2:10: error: YAML syntax: YAML aliases (*name) are not allowed in records; write the value out"]


# --- 2. deep nesting ---------------------------------------------------------------------------



def _flow_sequences(depth: int) -> str:
    return "[" * depth + "]" * depth + "\n"


def _compact_block_sequences(depth: int) -> str:
    return "- " * depth + "x\n"  # block nesting without indentation: two bytes a level


def _block_mappings(depth: int) -> str:
    return "".join(" " * level + "a:\n" for level in range(depth))  # one more space a level


@pytest.mark.parametrize(
    ("shape", "depth"),
    [
        pytest.param(_flow_sequences, 10_000, id="flow-sequences-10000"),
        pytest.param(_flow_sequences, 100_000, id="flow-sequences-100000"),
        pytest.param(_compact_block_sequences, 10_000, id="block-sequences-10000"),
        pytest.param(_compact_block_sequences, 100_000, id="block-sequences-100000"),
        # Block mappings indent one more space a level, so 1,400 levels (~1 MB) is about the
        # deepest that fits the record limit; deeper ones are refused by size (next test).
        pytest.param(_block_mappings, 1_400, id="block-mappings-1400"),
    ],
)
def test_deeply_nested_yaml_is_a_problem_not_a_traceback(tmp_path, shape, depth):
    """A record nested `depth` levels deep (within the 1 MiB limit) gives Problems
    for that file, without a RecursionError traceback or a hang."""
    text = shape(depth)
    assert len(text) <= MAX_RECORD_BYTES
    write_tree(tmp_path, {HOSTILE_RECORD: text})
    child = run_child(f"{shape.__name__.strip('_')} x {depth}", VALIDATE_IN_CHILD, tmp_path)
    assert_problems_only_in(child.result, HOSTILE_RECORD)
    assert any(f"nested more than {MAX_NESTING} levels deep" in problem for problem in child.result), child.result


def test_block_mappings_10000_deep_are_refused_by_size(tmp_path):
    """10,000 levels of block mappings take ~50 MB of indentation (100,000 levels would
    take ~5 GB, so that case cannot arise in a file we would read): one Problem, the
    size limit. The child writes the file itself, line by line, then validates."""
    code = f"""
    import os
    path = tmp / {HOSTILE_RECORD!r}
    os.makedirs(path.parent, exist_ok=True)
    with open(path, "w", encoding="utf-8") as stream:
        for level in range(10_000):
            stream.write(" " * level + "a:\\n")
    """
    child = run_child("block mappings x 10000", textwrap.dedent(code) + VALIDATE_IN_CHILD, tmp_path)
    size = sum(level + 3 for level in range(10_000))
    assert child.result == [f"{HOSTILE_RECORD}:1:1: error: the file is {size:,} bytes; a record may be at most {MAX_RECORD_BYTES:,}"]


# --- 3. a huge capture ---------------------------------------------------------------------------


def test_capture_over_the_limit_is_a_user_error_naming_the_file_and_the_limit(tmp_path):
    """A 50 MB text capture given to read_capture: a UserError with the path, its
    size, the 20 MiB limit and what to do."""
    capture = tmp_path / "huge.txt"
    chunk = b"Ukrainian forces repelled Russian attempts to break into the city. " * 15_420  # ~1 MiB
    with capture.open("wb") as stream:
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(chunk)
    size = capture.stat().st_size
    code = """
    from build_tools.capture import read_capture
    from build_tools.errors import UserError
    try:
        read_capture(tmp / "huge.txt")
    except UserError as error:
        done(str(error))
    else:
        done("accepted")
    """
    child = run_child("50 MB capture", code, tmp_path)
    assert child.result == (
        f"{capture}: {size:,} bytes is larger than the {MAX_CAPTURE_BYTES:,}-byte limit for one capture; "
        "split it or save only the article"
    )


# --- 4. a record (or article) over the size limit ------------------------------------------------


def test_record_over_the_size_limit_is_a_problem(tmp_path):
    """A record one line long and 10 bytes over MAX_RECORD_BYTES: one Problem at 1:1
    with its size and the limit; it is not parsed."""
    write_tree(tmp_path, {**VALID, HOSTILE_RECORD: "summary: " + "x" * MAX_RECORD_BYTES + "\n"})
    _archive, problems = load_and_validate(tmp_path / "content", tmp_path)
    assert [str(problem) for problem in problems] == [
        f"{HOSTILE_RECORD}:1:1: error: the file is {MAX_RECORD_BYTES + 10:,} bytes; a record may be at most {MAX_RECORD_BYTES:,}"
    ]


def test_article_over_the_size_limit_is_a_problem(tmp_path):
    """Articles are read with the same limit: an article over MAX_RECORD_BYTES (a ~1 MB
    body line) is one Problem at 1:1 with its size and the limit."""
    article = VALID[ARTICLE] + "A very long body line. " * (MAX_RECORD_BYTES // 23 + 1) + "\n"
    write_tree(tmp_path, {**VALID, ARTICLE: article})
    _archive, problems = load_and_validate(tmp_path / "content", tmp_path)
    size = len(article.encode("utf-8"))
    assert [str(problem) for problem in problems] == [f"{ARTICLE}:1:1: error: the file is {size:,} bytes; a record may be at most {MAX_RECORD_BYTES:,}"]


# --- 5. a place with 100,000 aliases -------------------------------------------------------------

# Child code: the valid archive with Kupiansk given aliases a1 .. a100000 as a block
# list (~890 KB, under the 1 MiB limit), written to tmp.
MANY_ALIASES = """
from tests.fixtures import write_tree
from tests.test_validate import KUPIANSK, VALID
place = VALID[KUPIANSK].replace("  - Kupyansk\\n", "".join(f"- a{number}\\n" for number in range(1, 100_001)))
assert len(place.encode()) < 1024 * 1024
write_tree(tmp, {**VALID, KUPIANSK: place})
"""


def test_a_place_with_100000_aliases_is_refused(tmp_path):
    """The valid archive with a 100,000-alias place: one clear Problem on its aliases,
    found before anything builds a pattern from them."""
    code = MANY_ALIASES + """
from build_tools.pipeline import load_and_validate
archive, problems = load_and_validate(tmp / "content", tmp)
done([str(problem) for problem in problems])
"""
    child = run_child("100,000 aliases: load_and_validate", code, tmp_path)
    assert child.result == [f"content/places/kupiansk.yml:3:1: error: aliases: 100,000 aliases; a record may have at most {MAX_ALIASES} (keep the spellings reports really use)"]


def test_places_with_the_most_aliases_allowed_render(tmp_path):
    """Ten places with MAX_ALIASES aliases each (2,000 in all) validate and render
    within the memory bound."""
    code = f"""
from tests.fixtures import write_tree
from tests.test_validate import KUPIANSK, VALID
from build_tools.pipeline import generate_pages, load_and_validate
places = {{}}
for n in range(10):
    aliases = "".join(f"  - Place{{n}} alias{{k}} Kupjansk\\n" for k in range({MAX_ALIASES}))
    places[f"content/places/p{{n}}.yml"] = f"name: Place {{n}}\\naliases:\\n{{aliases}}kind: city\\nwithin: ukraine\\n"
write_tree(tmp, {{**VALID, **places}})
archive, problems = load_and_validate(tmp / "content", tmp)
assert not problems, problems
pages, graph = generate_pages(tmp / "content", tmp)
done(len(pages))
"""
    child = run_child("10 places x 200 aliases: generate_pages", code, tmp_path)
    assert child.result > 10


# --- 6. very long lines ----------------------------------------------------------------------------


def test_clean_text_of_a_5_mb_single_line_capture(tmp_path):
    """A 5 MB capture that is a single line of sentences: clean_text keeps it as the body."""
    code = """
    from build_tools.clean import clean_text
    text = ("Ukrainian forces repelled a Russian attempt to enter the city. " * 80_000).strip()
    cleaned = clean_text(text)
    done({"input": len(text), "body": len(cleaned.body), "starts": cleaned.body[:25]})
    """
    child = run_child("clean_text, 5 MB line", code, tmp_path)
    assert child.result["input"] > 5_000_000
    assert child.result["body"] >= child.result["input"]
    assert child.result["starts"] == "Ukrainian forces repelled"


def _validate_and_render(change: str) -> str:
    """Child code: apply `change` to VALID, then load_and_validate and generate_pages;
    the result is the problems and the longest page's length."""
    return f"""
    from build_tools.pipeline import generate_pages, load_and_validate
    from tests.fixtures import write_tree
    from tests.test_validate import ARTICLE, EVENT, VALID, edit
    {change}
    write_tree(tmp, VALID)
    archive, problems = load_and_validate(tmp / "content", tmp)
    if problems:
        done({{"problems": [str(problem) for problem in problems]}})
    else:
        pages, graph = generate_pages(tmp / "content", tmp)
        done({{"problems": [], "longest page": max(len(page) for page in pages.values())}})
    """


def test_event_with_a_900_kb_summary_line(tmp_path):
    """An event whose summary is one 900 KB line: valid, and rendered whole."""
    change = (
        'VALID = {**VALID, **edit(EVENT, "Ukraine\'s General Staff said Russian attempts to enter Kupiansk were repelled.", '
        '"A long summary. " * 56_250)}'
    )
    child = run_child("900 KB summary line", _validate_and_render(change), tmp_path)
    assert child.result["problems"] == []
    assert child.result["longest page"] > 900_000


def test_article_with_a_1_mb_body_line(tmp_path):
    """An article whose body is one line of ~1 MB, its file just under the 1 MiB limit:
    valid, and rendered whole."""
    change = 'VALID = {**VALID, ARTICLE: VALID[ARTICLE] + "A very long body line. " * 45_500 + "\\n"}'
    child = run_child("1 MB article body line", _validate_and_render(change), tmp_path)
    assert child.result["problems"] == []
    assert child.result["longest page"] > 1_000_000
