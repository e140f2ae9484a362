"""`chronicle ingest` on the shipped seeds reports what each report is about."""

from __future__ import annotations

import shutil
from pathlib import Path

from build_tools.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_ingest_reports_places_people_and_events(tmp_path, monkeypatch, capsys):
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "content/raw/004_eb6a58e3b52a20c7.txt", "--date", "2025-11-20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "unchanged: content/articles/kyiv-independent-2025-11-20-cheap-provocations-ukraine-denies-russias-claim.md"
    report = dict(line.strip().split(": ", 1) for line in lines[1:])
    assert "kupiansk" in report["places"].split(", ")
    assert "valery-gerasimov" in report["people"].split(", ")
    assert "general-staff-ukraine" in report["organizations"].split(", ")
    assert "2025-11-20-gerasimov-claims-capture-of-kupiansk" in report["events"].split(", ")


def test_ingest_recognises_other_spellings(tmp_path, monkeypatch, capsys):
    """Seed 003 spells Kupyansk and Kurakhovo; ingest still finds the records."""
    shutil.copytree(REPO / "content", tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert main(["ingest", "content/raw/003_6c29c67bb9852ea0.txt", "--id", "vijesti-2024-11-14-ukrainian-military-claims-it-is-in-full-control"]) == 0
    places = next(line for line in capsys.readouterr().out.splitlines() if line.strip().startswith("places:"))
    assert {"kupiansk", "kurakhove"} <= set(places.split(": ", 1)[1].split(", "))
