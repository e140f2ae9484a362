"""The committed JSON Schemas document every field for the contributor's editor.

VS Code (through the Red Hat YAML extension) shows a property's `description`
as its tooltip and offers its `examples` for completion, so every property of
every record schema must carry both, and every example must itself be valid,
or it would teach contributors a mistake. That the files match the models is
checked in test_cli.py (`chronicle schema --check`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[1]
SCHEMA_FILES = sorted((REPO / "schemas").glob("*.schema.json"))
RECORD_IDS = {path.stem for path in (REPO / "content").glob("*/*") if path.suffix in {".yml", ".md"}}
BRANCH_KEYWORDS = ("anyOf", "oneOf", "allOf")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _properties(schema: dict, where: str) -> Iterator[tuple[str, dict]]:
    """Every property of an object schema, and of the objects nested in it (branches, list items)."""
    for name, subschema in schema.get("properties", {}).items():
        yield f"{where}properties/{name}", subschema
        yield from _nested(subschema, f"{where}properties/{name}/")
    yield from _nested({key: value for key, value in schema.items() if key != "properties"}, where)


def _nested(schema: dict, where: str) -> Iterator[tuple[str, dict]]:
    for keyword in BRANCH_KEYWORDS:
        for index, branch in enumerate(schema.get(keyword, [])):
            yield from _properties(branch, f"{where}{keyword}/{index}/")
    if isinstance(schema.get("items"), dict):
        yield from _properties(schema["items"], f"{where}items/")


def all_properties(schema: dict) -> Iterator[tuple[str, dict]]:
    """(JSON pointer-ish location, property schema) for the top level and every $defs entry."""
    yield from _properties(schema, "")
    for name, definition in schema.get("$defs", {}).items():
        yield from _properties(definition, f"$defs/{name}/")


def all_examples(schema: dict, where: str = "") -> Iterator[tuple[str, dict]]:
    """Every subschema anywhere in the document that carries `examples`."""
    if isinstance(schema, dict):
        if "examples" in schema:
            yield where or "(root)", schema
        for key, value in schema.items():
            if key not in {"examples", "default", "const", "enum"}:
                yield from all_examples(value, f"{where}{key}/")
    elif isinstance(schema, list):
        for index, value in enumerate(schema):
            yield from all_examples(value, f"{where}{index}/")


@pytest.fixture(params=SCHEMA_FILES, ids=[path.name for path in SCHEMA_FILES])
def schema_file(request) -> Path:
    return request.param


def test_there_is_a_schema_per_record_kind_and_for_articles():
    assert [path.name for path in SCHEMA_FILES] == [
        "article.schema.json", "event.schema.json", "organization.schema.json",
        "outlet.schema.json", "person.schema.json", "place.schema.json",
    ]


def test_the_walk_sees_nested_definitions():
    """Guard the walker itself: it must reach $defs (Claim, Role, Coordinates, EventDate)."""
    seen = {where for path in SCHEMA_FILES for where, _ in all_properties(_load(path))}
    for expected in ("$defs/Claim/properties/via", "$defs/Role/properties/from", "$defs/Role/properties/to", "$defs/Coordinates/properties/lat", "$defs/EventDate/properties/end"):
        assert expected in seen


def test_every_property_has_a_description_and_examples(schema_file):
    schema = _load(schema_file)
    problems = []
    for where, prop in all_properties(schema):
        description = prop.get("description")
        if not isinstance(description, str) or not description.strip():
            problems.append(f"{schema_file.name}: {where}: no description")
        examples = prop.get("examples")
        if not isinstance(examples, list) or not examples:
            problems.append(f"{schema_file.name}: {where}: no examples")
    assert not problems, "\n".join(problems)


def test_every_example_is_valid_against_its_own_schema(schema_file):
    schema = _load(schema_file)
    jsonschema.Draft202012Validator.check_schema(schema)
    problems = []
    for where, subschema in all_examples(schema):
        # The subschema's $refs point into the document's $defs: carry them along.
        standalone = {**{key: value for key, value in subschema.items() if key != "examples"}, "$defs": schema.get("$defs", {})}
        validator = jsonschema.Draft202012Validator(standalone)
        for example in subschema["examples"]:
            for error in validator.iter_errors(example):
                problems.append(f"{schema_file.name}: {where}: example {example!r}: {error.message}")
    assert not problems, "\n".join(problems)


def test_id_examples_name_records_of_the_shipped_archive(schema_file):
    """Examples of id fields are real ids, so a contributor can look them up (renames make this fail)."""
    schema = _load(schema_file)
    problems = []
    for where, prop in all_properties(schema):
        if not prop.get("description", "").startswith(("Id of", "Ids of")):
            continue
        for example in prop.get("examples", []):
            for value in example if isinstance(example, list) else [example]:
                if value not in RECORD_IDS:
                    problems.append(f"{schema_file.name}: {where}: example {value!r} is not a record in content/")
    assert not problems, "\n".join(problems)


def editor_reading(path: Path):
    """A record as the editor's YAML 1.2 parser sees it: dates stay text, a bare year is a number."""
    from build_tools.load import parse_yaml

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n", 2)[1]
    document, problem = parse_yaml(text, path.name)
    assert problem is None, problem
    return document.data


@pytest.mark.parametrize("kind", ["events", "places", "people", "organizations", "outlets", "articles"])
def test_every_shipped_record_is_valid_against_its_schema(kind):
    """What the editor underlines must be what the validator refuses: no squiggle on a valid record."""
    from build_tools.models import SCHEMA_NAMES

    schema = _load(REPO / "schemas" / f"{SCHEMA_NAMES.get(kind, 'article')}.schema.json")
    files = sorted((REPO / "content" / kind).glob("*.md" if kind == "articles" else "*.yml"))
    assert files
    for path in files:
        errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in jsonschema.Draft202012Validator(schema).iter_errors(editor_reading(path))]
        assert not errors, f"{path.name}: {errors}"


def test_the_schema_rejects_a_malformed_date_as_the_validator_does():
    schema = _load(REPO / "schemas" / "event.schema.json")
    validator = jsonschema.Draft202012Validator(schema)
    event = editor_reading(REPO / "content/events/2024-11-13-russian-assault-on-kupiansk.yml")

    assert list(validator.iter_errors(event)) == []
    assert list(validator.iter_errors({**event, "date": "13.11.2024"}))
    assert list(validator.iter_errors({**event, "date": 2022})) == []
