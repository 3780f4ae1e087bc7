"""The GitHub Actions workflow parses and does what CONTRIBUTING.md promises."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOW = REPO / ".github" / "workflows" / "site.yml"


def load() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def test_workflow_triggers():
    data = load()
    assert "pull_request" in data["on"]
    assert data["on"]["push"]["branches"] == ["main"]


def test_pull_request_builds_tests_and_uploads_site_and_redline():
    build = load()["jobs"]["build"]
    runs = [s.get("run", "") for s in steps(build)]
    assert "make html" in runs  # make html runs sphinx-build -W -n
    assert "make test" in runs
    redline = next(s for s in steps(build) if "make redline" in s.get("run", ""))
    assert redline["if"] == "github.event_name == 'pull_request'"
    assert redline["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    checkout = next(s for s in steps(build) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    uploads = {s["with"]["path"]: s for s in steps(build)
               if s.get("uses", "").startswith("actions/upload-artifact")}
    assert set(uploads) == {"_build/html", "_build/redline"}
    assert all(s["if"] == "github.event_name == 'pull_request'" for s in uploads.values())


def test_main_publishes_the_site():
    jobs = load()["jobs"]
    pages = next(s for s in steps(jobs["build"])
                 if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert pages["with"]["path"] == "_build/html"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert steps(deploy)[0]["uses"].startswith("actions/deploy-pages")


def test_pre_commit_config_parses_and_calls_the_checks():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = config["repos"][0]["hooks"]
    assert hook["entry"].endswith("exts/handbok_cli/checks.py")
    assert (REPO / "exts" / "handbok_cli" / "checks.py").exists()
