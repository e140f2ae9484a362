"""The editor setup in .vscode/ points each record folder at its JSON Schema.

The Red Hat YAML extension reads `yaml.schemas` (schema file -> glob of files).
Only the five YAML record kinds are mapped: articles are Markdown with YAML
front matter, which the extension does not check, so article.schema.json has
no folder to map to.
"""

from __future__ import annotations

import json
from pathlib import Path

from build_tools.models import MODELS, SCHEMA_NAMES

REPO = Path(__file__).resolve().parents[1]
VSCODE = REPO / ".vscode"
YAML_RECORD_KINDS = ["events", "places", "people", "organizations", "outlets"]


def _settings() -> dict:
    return json.loads((VSCODE / "settings.json").read_text(encoding="utf-8"))


def _globs(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def test_the_yaml_record_kinds_are_the_models_kinds():
    assert sorted(YAML_RECORD_KINDS) == sorted(MODELS)


def test_every_mapped_schema_file_exists():
    for schema in _settings()["yaml.schemas"]:
        assert (REPO / schema).is_file(), f".vscode/settings.json maps {schema}, which does not exist"


def test_every_record_schema_is_mapped_to_its_folder_and_nothing_else():
    mapping = {Path(schema).as_posix().removeprefix("./"): _globs(globs) for schema, globs in _settings()["yaml.schemas"].items()}
    record_schemas = {f"schemas/{SCHEMA_NAMES[kind]}.schema.json" for kind in YAML_RECORD_KINDS}
    on_disk = {path.relative_to(REPO).as_posix() for path in (REPO / "schemas").glob("*.schema.json")}
    assert set(mapping) == record_schemas
    assert on_disk - set(mapping) == {"schemas/article.schema.json"}

    for kind in YAML_RECORD_KINDS:
        schema = f"schemas/{SCHEMA_NAMES[kind]}.schema.json"
        records = {path for path in (REPO / "content" / kind).iterdir() if path.suffix == ".yml"}
        assert records, f"content/{kind}/ has no records to check the glob against"
        matched = {path for pattern in mapping[schema] for path in REPO.glob(pattern)}
        assert matched == records, f"{schema}: {mapping[schema]} should match exactly the files of content/{kind}/"


def test_each_record_names_the_same_schema_as_the_settings():
    """The first-line modeline and the settings agree, so either way the editor uses the right schema."""
    for kind in YAML_RECORD_KINDS:
        expected = f"# yaml-language-server: $schema=../../schemas/{SCHEMA_NAMES[kind]}.schema.json"
        for path in sorted((REPO / "content" / kind).glob("*.yml")):
            first = path.read_text(encoding="utf-8").splitlines()[0]
            assert first == expected, f"{path.relative_to(REPO)}:1: expected {expected!r}"


def test_yaml_is_edited_with_two_spaces_and_tidy_line_ends():
    settings = _settings()
    assert settings["[yaml]"]["editor.tabSize"] == 2
    assert settings["[yaml]"]["editor.insertSpaces"] is True
    assert settings["files.trimTrailingWhitespace"] is True
    assert settings["files.insertFinalNewline"] is True


def test_the_yaml_extension_is_recommended():
    extensions = json.loads((VSCODE / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
