"""mkdocs.yml and overrides/ stay within what both MkDocs (Material) and Zensical
honour, so the archive can move to Zensical when Material reaches its end of
life (2027-05-05).

Measured with Zensical 0.0.73 (the Makefile's pin; `make zensical-compare`
builds both and reports the difference). Zensical silently ignores `hooks:`,
plugins it does not know, `validation.nav` and most search options; its
templates (Minijinja) have no `page.file`, `pages` or `files` and stop the
build on an undefined value where Jinja2 prints nothing. A key or name that is
not listed here is not forbidden forever: build with both, compare, then list it.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]

# Top-level settings both read the same way (checked by building with both).
SHARED_SETTINGS = {
    "site_name", "site_description", "site_url", "copyright", "docs_dir", "site_dir",
    "use_directory_urls", "strict", "theme", "extra_css", "extra_javascript", "extra",
    "plugins", "markdown_extensions", "validation", "nav",
}
SHARED_THEME_SETTINGS = {"name", "custom_dir", "language", "font", "features", "palette"}
# Features both implement. Search itself is the archive's own (Pagefind behind
# overrides/partials/search.html, run by assets/search.js, which honours
# search.highlight), so it works the same under both; search.suggest, Material's
# alone, is not used: Pagefind has no completions to offer.
SHARED_FEATURES = {"navigation.instant", "navigation.tabs", "navigation.top", "search.highlight"}
MATERIAL_ONLY_FEATURES: set[str] = set()
# Zensical honours only `separator` (and `enabled`) of the search plugin: it
# drops lang, fields, pipeline, ... without a word, and refuses other names.
SHARED_PLUGINS = {"search": {"separator"}}
# Extensions that render the same pages under both (the built pages' text is identical).
SHARED_EXTENSIONS = {"attr_list", "md_in_html", "admonition", "tables", "toc"}
# Zensical maps links.not_found and links.anchors onto its own link checks and
# ignores the rest; those stay as MkDocs-only checks because they change no output.
ZENSICAL_LINK_CHECKS = {"not_found", "anchors"}
MKDOCS_ONLY_CHECKS = {"nav": {"omitted_files", "not_found", "absolute_links"}, "links": {"absolute_links", "unrecognized_links"}}
# Template names Zensical's Minijinja context lacks or shapes differently
# (measured: page.file and pages stop the build; files, mkdocs_version,
# build_date_utc and page.abs_url come out empty; nav is another object).
NOT_IN_ZENSICAL_TEMPLATES = ("page.file", "pages", "files", "page.markdown", "page.abs_url", "mkdocs_version", "build_date_utc", "nav")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as both read it; `!ENV [NAME, default]` gives the default."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)[-1]
    return None


_Loader.add_constructor("!ENV", _env)


def config() -> dict:
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def plugins() -> dict[str, dict]:
    entries = config().get("plugins") or []
    if isinstance(entries, dict):
        return {name: options or {} for name, options in entries.items()}
    found: dict[str, dict] = {}
    for entry in entries:
        if isinstance(entry, str):
            found[entry] = {}
        else:
            (name, options), = entry.items()
            found[name] = options or {}
    return found


def test_no_hooks():
    assert "hooks" not in config(), "Zensical ignores hooks without a word: generate pages with `chronicle generate` instead"


def test_only_settings_both_honour():
    unknown = set(config()) - SHARED_SETTINGS
    assert not unknown, f"check {sorted(unknown)} with `make zensical-compare`, then add to SHARED_SETTINGS"
    theme = config()["theme"]
    assert theme["name"] == "material"
    assert not set(theme) - SHARED_THEME_SETTINGS, sorted(set(theme) - SHARED_THEME_SETTINGS)
    features = set(theme.get("features", []))
    assert features <= SHARED_FEATURES | MATERIAL_ONLY_FEATURES, sorted(features - SHARED_FEATURES - MATERIAL_ONLY_FEATURES)


def test_plugins_from_the_allow_list():
    found = plugins()
    assert set(found) <= set(SHARED_PLUGINS), f"Zensical drops unknown plugins silently: {sorted(set(found) - set(SHARED_PLUGINS))}"
    for name, options in found.items():
        assert set(options) <= SHARED_PLUGINS[name], f"{name}: Zensical ignores {sorted(set(options) - SHARED_PLUGINS[name])}"


def test_search_is_pagefind_not_a_search_plugin():
    """Material's search plugin would build its lunr index (every reader downloads all
    of it) for a search box the overrides no longer show; Zensical's would write its own.
    The search both themes render is overrides/partials/search.html over Pagefind."""
    assert "search" not in plugins() and "material/search" not in plugins()
    header = (REPO / config()["theme"]["custom_dir"] / "partials" / "header.html").read_text(encoding="utf-8")
    assert '{% include "partials/search.html" %}' in header and "config.plugins" not in header
    assert "assets/search.js" in config()["extra_javascript"]


def test_markdown_extensions_render_the_same():
    names = {next(iter(e)) if isinstance(e, dict) else e for e in config().get("markdown_extensions", [])}
    assert names <= SHARED_EXTENSIONS, sorted(names - SHARED_EXTENSIONS)
    assert "!!python" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_link_checks_reach_zensical_too():
    validation = config().get("validation", {})
    assert set(validation) <= {"nav", "links"}
    links = validation.get("links", {})
    for key in ZENSICAL_LINK_CHECKS:
        assert links.get(key, "warn") != "ignore", f"validation.links.{key} is the link check Zensical keeps"
    for section, keys in validation.items():
        extra = set(keys) - MKDOCS_ONLY_CHECKS[section] - (ZENSICAL_LINK_CHECKS if section == "links" else set())
        assert not extra, f"validation.{section}: {sorted(extra)} not checked against Zensical"


def test_folders_inside_the_project():
    """Zensical refuses a docs_dir or site_dir outside the config's folder."""
    for key in ("docs_dir", "site_dir"):
        folder = (REPO / config()[key]).resolve()
        assert folder.is_relative_to(REPO), key


def _template_names(text: str) -> set[str]:
    """Dotted names used inside {{ }} and {% %} (comments and string literals left out)."""
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL)
    names: set[str] = set()
    for block in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, flags=re.DOTALL):
        block = re.sub(r"'[^']*'|\"[^\"]*\"", "''", block)
        names |= set(re.findall(r"(?<![\w.])[A-Za-z_]\w*(?:\.\w+)*", block))
    return names


def test_template_name_scan_finds_the_names():
    names = _template_names("{# pages #}{{ 'pages' | url }}{% if page.file.src_uri %}{{ pages | length }}{% endif %}")
    assert {"page.file.src_uri", "pages", "url", "length"} <= names
    assert "page.meta" not in names


def test_overrides_are_templates_zensical_can_render():
    overrides = REPO / config()["theme"]["custom_dir"]
    files = [p for p in overrides.rglob("*") if p.is_file()]
    assert files and all(p.suffix == ".html" for p in files), "overrides/ holds theme HTML only"
    for template in files:
        names = _template_names(template.read_text(encoding="utf-8"))
        bad = sorted(n for n in names for missing in NOT_IN_ZENSICAL_TEMPLATES if n == missing or n.startswith(missing + "."))
        assert not bad, f"{template.relative_to(REPO)}: {bad} are not in Zensical's template context"
