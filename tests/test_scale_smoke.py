"""The scale benchmark (benchmarks/scale.py) at a smoke size: every step it times
runs for real, so the benchmark itself cannot rot between its runs at 20,000
pages. Its figures are not checked against targets here; that is RESULTS.md's job."""

from __future__ import annotations

import json

from benchmarks import scale


def test_the_scale_benchmark_measures_every_step_at_a_small_size(tmp_path, capsys):
    results = tmp_path / "results.json"
    written = tmp_path / "RESULTS.md"
    assert scale.main(["--sizes", "80", "--work", str(tmp_path / "work"), "--edits", "1", "--repeat", "2", "--settle", "0",
                       "--json", str(results), "--write", str(written)]) == 0
    [row] = json.loads(results.read_text(encoding="utf-8"))
    assert sum(row["records"].values()) >= 80
    assert row["noop_rewritten"] == 0  # an unchanged archive rewrites nothing
    assert row["noop"]["seconds"] < row["generate"]["seconds"]
    assert row["build"]["peak_total"] > 0 and row["reference"]["peak_total"] > 0
    assert row["build"]["peak_process"] > 0
    # Generate, build and reference each ran twice, from nothing; the best of each is reported.
    assert len(row["generates"]) == len(row["builds"]) == len(row["references"]) == 2
    assert row["generate"]["seconds"] == min(run["seconds"] for run in row["generates"])
    assert row["build"]["seconds"] == min(run["seconds"] for run in row["builds"])
    assert row["reference"]["seconds"] == min(run["seconds"] for run in row["references"])
    assert row["site_files"] > 80
    # The reader's download for a first result was measured in Chromium, and the
    # reference's whole lunr index was read.
    assert 0 < row["search_bytes"] < 1_000_000 and row["search_requests"] > 0
    assert row["reference_index_bytes"] > row["reference_index_gzip"] > 0
    assert len(row["preview_s"]) == 1 and row["preview_s"][0] > 0
    assert not (tmp_path / "work" / scale.TRASH).exists()  # the folders set aside were deleted at the end
    table = capsys.readouterr().out
    assert table.count("\n| 80 |") == 1
    assert "Machine: " in written.read_text(encoding="utf-8") and "Targets at 80 pages" in written.read_text(encoding="utf-8")
