"""The GitHub Actions workflows: linted with actionlint (and shellcheck on every
`run:` script), shaped as the project needs them, and the pull-request workflow
replayed step by step from a fresh clone, the same commands in the same order."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"
BIN = Path(sys.executable).parent
REPLAY_FLAG = "CHRONICLE_WORKFLOW_REPLAY"


def load(name: str) -> dict:
    # PyYAML reads the `on:` key as True (YAML 1.1); GitHub reads it as "on".
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return {("on" if key is True else key): value for key, value in data.items()}


def actionlint(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "actionlint"), "-verbose", f"-shellcheck={BIN / 'shellcheck'}", *map(str, paths)],
                          capture_output=True, text=True, cwd=REPO, check=False)


def test_actionlint_passes_on_every_workflow():
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert {path.name for path in workflows} >= {"pull-request.yml", "deploy.yml"}

    done = actionlint(*workflows)

    assert done.returncode == 0, done.stdout + done.stderr
    assert 'Rule "shellcheck" was disabled' not in done.stderr  # the run: scripts were checked too


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    text = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    needs: no-such-job")
                      .replace("run: make test", 'run: echo "$UNQUOTED" && cd $HOME/x && ${{ github.event.pull_request.title }}'), encoding="utf-8")

    done = actionlint(broken)

    assert done.returncode == 1
    assert "no-such-job" in done.stdout
    assert "github.event.pull_request.title" in done.stdout  # untrusted input in a script
    assert "shellcheck" in done.stdout


def test_pull_request_workflow_installs_from_the_pins_and_uploads_a_preview():
    workflow = load("pull-request.yml")
    steps = workflow["jobs"]["check"]["steps"]
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    runs = [step["run"] for step in steps if "run" in step]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@") and step["with"]["name"] == "site-preview")

    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert python["with"]["cache"] == "pip" and "requirements.lock" in python["with"]["cache-dependency-path"]
    assert runs.index(".venv/bin/chronicle validate") < runs.index("make test") < runs.index(".venv/bin/chronicle build")
    assert upload["with"]["path"] == "site/"
    assert steps[0]["with"]["fetch-depth"] == 0  # validate compares with origin/<base>


def test_deploy_workflow_publishes_merges_in_order_and_builds_weekly():
    workflow = load("deploy.yml")
    jobs = workflow["jobs"]
    build_uses = [step.get("uses", "") for step in jobs["build"]["steps"]]
    deploy_uses = [step.get("uses", "") for step in jobs["deploy"]["steps"]]

    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["on"]["schedule"][0]["cron"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False  # a running deploy finishes; the next waits
    assert any(uses.startswith("actions/upload-pages-artifact@") for uses in build_uses)
    assert any(uses.startswith("actions/deploy-pages@") for uses in deploy_uses)
    assert "schedule" in jobs["deploy"]["if"]  # the weekly run checks the build, it does not publish
    assert jobs["deploy"]["needs"] == "build"


# --- the pull-request workflow, replayed --------------------------------------------------

def _replay_uses(step: dict, clone: Path) -> str:
    """What a `uses:` step does on GitHub, done or checked here."""
    action = step["uses"].split("@")[0]
    if action == "actions/checkout":
        assert step.get("with", {}).get("fetch-depth") == 0
        assert (clone / ".git").is_dir() and not (clone / ".git" / "shallow").exists()  # the fresh clone has the whole history
        return "the fresh clone"
    if action == "actions/setup-python":
        version = subprocess.run(["python3", "--version"], capture_output=True, text=True, check=True).stdout
        assert version.startswith(f"Python {step['with']['python-version']}"), version
        return version.strip()
    if action == "actions/setup-node":
        return subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    if action == "actions/upload-artifact":
        target = clone / step["with"]["path"]
        if step["with"].get("if-no-files-found") != "ignore":
            assert target.is_dir() and any(target.rglob("*.html")), f"nothing to upload at {target}"
        return f"would upload {step['with']['path']}"
    raise AssertionError(f"the replay does not know {step['uses']}; teach tests/test_workflows.py what it does")


@pytest.mark.skipif(os.environ.get(REPLAY_FLAG) == "1", reason="already inside a replay of the workflow (its `make test` step runs this suite)")
def test_pull_request_workflow_steps_pass_from_a_fresh_clone(tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    shared = REPO.parent / "shared"
    if shared.is_dir() and not (tmp_path / "shared").exists():
        (tmp_path / "shared").symlink_to(shared)  # as CI has it beside the checkout
    summary = tmp_path / "step-summary.md"
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "VIRTUAL_ENV", "PYTEST_"))}
    environment |= {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary),
                    "GITHUB_ENV": str(tmp_path / "github-env"), REPLAY_FLAG: "1"}
    environment["PATH"] = os.pathsep.join(part for part in environment["PATH"].split(os.pathsep) if Path(part) != BIN)
    log = []
    for step in load("pull-request.yml")["jobs"]["check"]["steps"]:
        name = step.get("name") or step.get("uses")
        if "uses" in step:
            log.append(f"{name}: {_replay_uses(step, clone)}")
            continue
        done = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=clone, env=environment, capture_output=True, text=True, check=False)
        log.append(f"{name}: exit {done.returncode}")
        assert done.returncode == 0, f"step '{name}' failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
        if step["run"] == "make test":
            assert " passed" in done.stdout and " failed" not in done.stdout.splitlines()[-1]
    report = summary.read_text(encoding="utf-8")
    assert "every record is valid" in report and "compared with `origin/main`" in report
    assert (clone / "site" / "index.html").is_file()
    print("\n".join(log))
