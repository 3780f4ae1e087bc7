"""The GitHub Actions workflow parses and does what CONTRIBUTING.md promises."""

from __future__ import annotations

import shutil
import subprocess
import sys
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


def test_pull_request_installs_debian_packages_tests_and_keeps_the_redline():
    build = load()["jobs"]["build"]
    runs = [s.get("run", "") for s in steps(build)]
    apt = next(r for r in runs if "apt-get install" in r)
    assert ".ci/debian-packages" in apt
    assert "make html" in runs  # make html runs sphinx-build -W -n
    assert "make test" in runs
    redline = next(s for s in steps(build) if "make redline-pdf" in s.get("run", ""))
    # Also when a test failed.
    assert "!cancelled()" in redline["if"] and "pull_request" in redline["if"]
    assert redline["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert 'cat _build/redline/sammanfattning.md >> "$GITHUB_STEP_SUMMARY"' in redline["run"]
    assert steps(build).index(redline) > runs.index("make test")
    for target in ("make trainer", "make pdf", "make handouts"):
        assert target in runs
    checkout = next(s for s in steps(build) if s.get("uses", "").startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    uploads = {s["with"]["path"]: s for s in steps(build)
               if s.get("uses", "").startswith("actions/upload-artifact")}
    assert set(uploads) == {"_build/html", "_build/redline", "_build/trainer",
                            "_build/pdf/*.pdf", "_build/html/utskrift"}
    assert all("!cancelled()" in s["if"] for s in uploads.values())


def test_one_comment_on_the_pull_request_with_least_permissions():
    data = load()
    assert data["permissions"] == {"contents": "read"}
    assert "permissions" not in data["jobs"]["build"]
    comment = data["jobs"]["comment"]
    assert comment["needs"] == "build"
    assert "!cancelled()" in comment["if"]
    assert comment["permissions"] == {"pull-requests": "write"}
    download, update = steps(comment)
    assert download["with"]["name"] == "redline"
    from handbok_cli.redline import COMMENT_MARKER
    assert update["env"]["MARKER"] == COMMENT_MARKER
    # Found again by the marker and updated; a new comment only when there is none.
    assert "--method PATCH" in update["run"] and "--method POST" in update["run"]
    assert "startswith" in update["run"]


def actionlint() -> str:
    venv = Path(sys.executable).parent / "actionlint"
    found = str(venv) if venv.exists() else shutil.which("actionlint")
    assert found, "actionlint is missing: the test extras install it (make .venv/.test-installed)"
    return found


def test_actionlint_passes_on_the_workflow():
    proc = subprocess.run([actionlint(), str(WORKFLOW)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_finds_a_broken_expression(tmp_path):
    """The check can fail: an unknown context property is reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace(
        "${{ github.token }}", "${{ github.no_such_token }}"),
        encoding="utf-8")
    proc = subprocess.run([actionlint(), str(broken)], capture_output=True, text=True)
    assert proc.returncode != 0


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


# --- issue 29: current majors, Forgejo, review reminders ----------------------------------

#: The first major of each action that runs on Node 24 (GitHub's runners moved to Node 24).
NODE24_MAJORS = {"actions/checkout": 5, "actions/setup-python": 6,
                 "actions/upload-artifact": 6, "actions/download-artifact": 7,
                 "actions/upload-pages-artifact": 5, "actions/deploy-pages": 5}


def _uses(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [s["uses"] for job in data["jobs"].values() for s in job.get("steps", [])
            if "uses" in s]


def test_github_actions_are_on_node24_majors():
    for path in sorted((REPO / ".github" / "workflows").glob("*.yml")):
        for uses in _uses(path):
            name, _, ref = uses.partition("@")
            assert name in NODE24_MAJORS, f"{path.name}: {uses} is not known to run on Node 24"
            assert int(ref.lstrip("v").split(".")[0]) >= NODE24_MAJORS[name], (path.name, uses)


def test_forgejo_workflow_uses_only_actions_forgejo_runs():
    path = REPO / ".forgejo" / "workflows" / "site.yml"
    uses = _uses(path)
    # upload-artifact v4 and later refuse servers other than github.com; v3 works on Forgejo.
    assert set(uses) == {"actions/checkout@v4", "actions/upload-artifact@v3"}
    text = path.read_text(encoding="utf-8")
    for target in ("make html", "make test", "make redline-pdf", "handbok_cli.forgeapi note",
                   "make review-reminders ISSUES=1"):
        assert target in text


def test_review_reminders_workflow_is_scheduled_with_least_rights():
    data = yaml.safe_load((REPO / ".github" / "workflows" / "oversyn.yml").read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))
    assert "schedule" in data["on"]
    assert data["permissions"] == {"contents": "read"}
    job = data["jobs"]["reminders"]
    assert job["permissions"] == {"issues": "write"}
    assert any("make review-reminders ISSUES=1" in s.get("run", "") for s in job["steps"])


def test_actionlint_passes_on_every_workflow():
    github = [str(p) for p in sorted((REPO / ".github" / "workflows").glob("*.yml"))]
    out = subprocess.run([actionlint(), *github], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    # Forgejo: its runner label, and upload-artifact v3 (which GitHub no longer runs).
    forgejo = [str(p) for p in sorted((REPO / ".forgejo" / "workflows").glob("*.yml"))]
    out = subprocess.run([actionlint(), "-config-file", str(REPO / ".forgejo" / "actionlint.yaml"),
                          "-ignore", 'actions/upload-artifact@v3" action is too old', *forgejo],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
