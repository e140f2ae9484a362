"""The generated pages of the shipped archive match tests/golden/ byte for byte."""

from __future__ import annotations

from tests.golden import GOLDEN, generated_pages


def test_generated_pages_match_golden_files():
    pages = generated_pages()
    on_disk = {path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*") if path.is_file()}
    assert sorted(on_disk) == sorted(pages), "pages were added or removed: run `make golden` and review the diff"
    changed = [relative for relative, text in sorted(pages.items()) if (GOLDEN / relative).read_text(encoding="utf-8") != text]
    assert changed == [], f"generated pages differ from tests/golden/: {changed[:10]}; run `make golden` and review the diff"


def test_generation_is_deterministic():
    assert generated_pages() == generated_pages()


def test_every_page_front_matter_is_a_yaml_mapping():
    """MkDocs drops front matter it cannot parse without failing the build, so a
    template slip (a Jinja comment eating a newline) would pass unseen."""
    import yaml

    pages = {path: text for path, text in generated_pages().items() if path.endswith(".md") and text.startswith("---\n")}
    assert len(pages) > 100
    for path, text in pages.items():
        front = text.split("---\n", 2)[1]
        data = yaml.safe_load(front)
        assert isinstance(data, dict) and "title" in data, path
        assert all(isinstance(key, str) for key in data), path
