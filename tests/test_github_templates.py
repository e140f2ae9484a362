"""GitHub issue forms and the pull-request template: what GitHub would refuse, and the reviewer checklist.

GitHub only reports a broken issue form when someone opens it (the form then
silently drops out of the template chooser), so the rules from its "Syntax for
issue forms" and "Common validation errors when creating issue forms" pages are
checked here instead.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
ISSUE_TEMPLATES = REPO / ".github" / "ISSUE_TEMPLATE"
PR_TEMPLATE = REPO / ".github" / "pull_request_template.md"
CONTRIBUTING = REPO / "CONTRIBUTING.md"

FORMS = sorted(path for path in ISSUE_TEMPLATES.glob("*.y*ml") if path.stem != "config")

TOP_LEVEL_KEYS = {"name", "description", "title", "labels", "assignees", "body", "projects", "type"}
ELEMENT_KEYS = {"type", "id", "attributes", "validations"}
ATTRIBUTE_KEYS = {
    "markdown": {"value"},
    "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}
ID = re.compile(r"^[A-Za-z0-9_-]+$")


def _text(value) -> bool:
    """A non-empty string: GitHub refuses other types and blank strings where it expects text."""
    return isinstance(value, str) and value.strip() != ""


def _label_key(label: str) -> str:
    """Labels differing only in case, spacing or punctuation count as the same ("labels are too similar")."""
    return re.sub(r"[\W_]+", "", label).casefold()


def problems_in_issue_form(data) -> list[str]:
    """Every rule of GitHub's issue-form schema the parsed YAML breaks, as one message each; [] when valid.

    Stricter than GitHub in one respect, as the project's own rule: every element
    that takes input has an `id`, the name its answer is prefilled by in a link.
    """
    if not isinstance(data, dict):
        return ["the form is not a mapping"]
    problems = []
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            problems.append(f"top-level key {key!r} is not permitted")
    for key in ("name", "description"):
        if key not in data:
            problems.append(f"required top-level key {key!r} is missing")
        elif not _text(data[key]):
            problems.append(f"{key!r} must be a non-empty string")
    if "title" in data and not _text(data["title"]):
        problems.append("'title' must be a non-empty string")
    for key in ("labels", "assignees", "projects"):
        if key in data:
            values = data[key] if isinstance(data[key], list) else [data[key]]
            if not all(_text(value) for value in values):
                problems.append(f"{key!r} must be a string or a list of non-empty strings")
    if "body" not in data:
        return problems + ["required top-level key 'body' is missing"]
    body = data["body"]
    if not isinstance(body, list) or not body:
        return problems + ["'body' must be a non-empty list"]

    ids: dict[str, int] = {}
    labels: dict[str, int] = {}
    for n, element in enumerate(body):
        where = f"body[{n}]"
        if not isinstance(element, dict):
            problems.append(f"{where}: not a mapping")
            continue
        for key in element:
            if key not in ELEMENT_KEYS:
                problems.append(f"{where}: key {key!r} is not permitted")
        kind = element.get("type")
        if kind not in ATTRIBUTE_KEYS:
            problems.append(f"{where}: type {kind!r} is not one of {', '.join(sorted(ATTRIBUTE_KEYS))}")
            continue
        attributes = element.get("attributes")
        if not isinstance(attributes, dict):
            problems.append(f"{where}: 'attributes' is required and must be a mapping")
            continue
        for key in attributes:
            if key not in ATTRIBUTE_KEYS[kind]:
                problems.append(f"{where}: attribute {key!r} is not permitted for {kind}")

        if kind == "markdown":
            if not _text(attributes.get("value")):
                problems.append(f"{where}: markdown needs attributes.value, a non-empty string")
            if "validations" in element:
                problems.append(f"{where}: markdown takes no validations")
            continue

        if "id" not in element:
            problems.append(f"{where}: {kind} has no id")
        elif not isinstance(element["id"], str) or not ID.match(element["id"]):
            problems.append(f"{where}: id {element['id']!r} may hold only letters, digits, '-' and '_'")
        elif element["id"] in ids:
            problems.append(f"{where}: id {element['id']!r} is already used by body[{ids[element['id']]}]")
        else:
            ids[element["id"]] = n

        label = attributes.get("label")
        if not _text(label):
            problems.append(f"{where}: {kind} needs attributes.label, a non-empty string")
        elif _label_key(label) in labels:
            problems.append(f"{where}: label {label!r} repeats the label of body[{labels[_label_key(label)]}]")
        else:
            labels[_label_key(label)] = n

        validations = element.get("validations", {})
        if not isinstance(validations, dict) or set(validations) - {"required"}:
            problems.append(f"{where}: validations may only hold 'required'")
        elif "required" in validations and not isinstance(validations["required"], bool):
            problems.append(f"{where}: validations.required must be true or false")

        if kind == "dropdown":
            options = attributes.get("options")
            if not isinstance(options, list) or not options:
                problems.append(f"{where}: dropdown needs a non-empty list of options")
            elif not all(_text(option) for option in options):
                problems.append(f"{where}: dropdown options must be non-empty strings (quote yes/no/true/false)")
            else:
                if len({option.strip() for option in options}) != len(options):
                    problems.append(f"{where}: dropdown options must be unique")
                if any(option.strip().casefold() == "none" for option in options):
                    problems.append(f"{where}: 'None' is a reserved dropdown option")
                default = attributes.get("default")
                if default is not None and (
                    isinstance(default, bool) or not isinstance(default, int) or not 0 <= default < len(options)
                ):
                    problems.append(f"{where}: default must be the index of an option")
            if "multiple" in attributes and not isinstance(attributes["multiple"], bool):
                problems.append(f"{where}: multiple must be true or false")

        if kind == "checkboxes":
            options = attributes.get("options")
            if not isinstance(options, list) or not options:
                problems.append(f"{where}: checkboxes need a non-empty list of options")
            else:
                seen = set()
                for m, option in enumerate(options):
                    if not isinstance(option, dict) or not _text(option.get("label")):
                        problems.append(f"{where}: options[{m}] needs a label, a non-empty string")
                        continue
                    if set(option) - {"label", "required"}:
                        problems.append(f"{where}: options[{m}] may only hold label and required")
                    if "required" in option and not isinstance(option["required"], bool):
                        problems.append(f"{where}: options[{m}].required must be true or false")
                    if option["label"].strip() in seen:
                        problems.append(f"{where}: checkbox labels must be unique")
                    seen.add(option["label"].strip())

    if all(isinstance(element, dict) and element.get("type") == "markdown" for element in body):
        problems.append("body must contain at least one non-markdown field")
    return problems


def load_form(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# The shipped files


def test_both_issue_forms_are_there():
    assert {path.name for path in FORMS} == {"report-an-error.yml", "suggest-a-report.yml"}


@pytest.mark.parametrize("path", FORMS, ids=lambda path: path.name)
def test_issue_form_is_valid(path):
    assert problems_in_issue_form(load_form(path)) == []


def test_error_form_asks_what_kind_of_error():
    form = load_form(ISSUE_TEMPLATES / "report-an-error.yml")
    kind = next(element for element in form["body"] if element["type"] == "dropdown")
    options = " ".join(kind["attributes"]["options"]).casefold()
    for word in ("factual", "source", "misquote", "place or date", "typo"):
        assert word in options


def test_report_form_asks_for_the_exact_quotes_acknowledgement():
    form = load_form(ISSUE_TEMPLATES / "suggest-a-report.yml")
    ids = {element.get("id") for element in form["body"]}
    assert {"url", "outlet", "published", "language", "concerns", "why", "capture"} <= ids
    (quotes,) = [element for element in form["body"] if element["type"] == "checkboxes"]
    assert all(option.get("required") is True for option in quotes["attributes"]["options"])


def test_issue_template_config():
    config = load_form(ISSUE_TEMPLATES / "config.yml")
    assert set(config) <= {"blank_issues_enabled", "contact_links"}
    # The site's "Suggest a correction" links open a blank, prefilled issue.
    assert config["blank_issues_enabled"] is True
    for link in config.get("contact_links") or []:
        assert set(link) == {"name", "url", "about"} and all(_text(value) for value in link.values())


# The checker itself: it must catch a broken form


@pytest.fixture
def good_form():
    return load_form(ISSUE_TEMPLATES / "suggest-a-report.yml")


def _element(form, kind):
    return next(element for element in form["body"] if element["type"] == kind)


BREAKAGES = {
    "no name": lambda form: form.pop("name"),
    "no description": lambda form: form.pop("description"),
    "no body": lambda form: form.pop("body"),
    "empty body": lambda form: form.update(body=[]),
    "only markdown": lambda form: form.update(body=[_element(form, "markdown")]),
    "unknown top-level key": lambda form: form.update(hello="world"),
    "unknown type": lambda form: form["body"][1].update(type="text"),
    "label missing": lambda form: form["body"][1]["attributes"].pop("label"),
    "duplicate id": lambda form: form["body"][2].update(id=form["body"][1]["id"]),
    "bad id": lambda form: form["body"][1].update(id="report url"),
    "duplicate label": lambda form: form["body"][2]["attributes"].update(label=form["body"][1]["attributes"]["label"].upper()),
    "empty dropdown": lambda form: _element(form, "dropdown")["attributes"].update(options=[]),
    "repeated option": lambda form: _element(form, "dropdown")["attributes"]["options"].append(
        _element(form, "dropdown")["attributes"]["options"][0]
    ),
    "option None": lambda form: _element(form, "dropdown")["attributes"]["options"].append("None"),
    "unquoted no": lambda form: _element(form, "dropdown")["attributes"]["options"].append(False),
    "checkbox without label": lambda form: _element(form, "checkboxes")["attributes"].update(options=[{"required": True}]),
    "markdown without value": lambda form: _element(form, "markdown")["attributes"].pop("value"),
    "required not a boolean": lambda form: form["body"][1].update(validations={"required": "yes please"}),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=str)
def test_checker_catches_a_broken_form(good_form, breakage):
    broken = copy.deepcopy(good_form)
    BREAKAGES[breakage](broken)
    assert problems_in_issue_form(broken) != []


def test_checker_catches_a_broken_file(tmp_path):
    """The same checks on a damaged copy of a real file, as YAML reads it: an unquoted `No` is a boolean."""
    text = (ISSUE_TEMPLATES / "suggest-a-report.yml").read_text(encoding="utf-8")
    broken = text.replace('- "No, only the address"', "- No").replace("id: outlet", "id: url")
    assert broken != text
    copy_path = tmp_path / "suggest-a-report.yml"
    copy_path.write_text(broken, encoding="utf-8")
    problems = problems_in_issue_form(load_form(copy_path))
    assert any("already used" in problem for problem in problems)
    assert any("non-empty strings" in problem for problem in problems)


# The pull-request template


def _section(markdown: str, heading: str) -> str:
    """The text under a `## heading`, up to the next heading of that level or higher."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^#{{1,2}} |\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def reviewer_bullets() -> list[str]:
    """The bullets of CONTRIBUTING.md's "What reviewers check", each joined onto one line."""
    bullets: list[str] = []
    for line in _section(CONTRIBUTING.read_text(encoding="utf-8"), "What reviewers check").splitlines():
        if line.startswith("- "):
            bullets.append(line[2:].strip())
        elif line.strip() and bullets:
            bullets[-1] += " " + line.strip()
    return bullets


def pr_checklist() -> list[str]:
    return re.findall(r"^- \[ \] (.+)$", _section(PR_TEMPLATE.read_text(encoding="utf-8"), "Reviewer checklist"), re.MULTILINE)


# What each reviewer check is about; the checklist must say the same words.
REVIEW_WORDS = ("validate", "golden", "source", "verbatim", "neutral", "claims", "within", "coordinates", "aliases", "raw", "furniture")


def test_pr_template_has_a_checkbox_for_every_reviewer_check():
    bullets = reviewer_bullets()
    checklist = pr_checklist()
    assert bullets, "CONTRIBUTING.md's 'What reviewers check' has no bullets"
    assert len(checklist) >= len(bullets)
    text = " ".join(checklist).casefold()
    for bullet in bullets:
        words = [word for word in REVIEW_WORDS if word in bullet.casefold()]
        assert words, f"a new reviewer check in CONTRIBUTING.md, not yet in the PR template or REVIEW_WORDS: {bullet}"
        terms = re.findall(r"`([^`]+)`", bullet)
        missing = [word for word in words + terms if word.casefold() not in text]
        assert not missing, f"PR checklist lacks {missing} from: {bullet}"


def test_pr_template_asks_what_it_adds_and_from_which_reports():
    template = PR_TEMPLATE.read_text(encoding="utf-8")
    adds = _section(template, "What this adds").casefold()
    for kind in ("event", "report", "place", "person", "organization", "fix"):
        assert f"- [ ] {kind}" in adds
    _section(template, "Source reports")
    for words in ("chronicle validate", "chronicle serve", "step summary"):
        assert words in template
