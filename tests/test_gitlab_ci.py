"""The GitLab pipeline (.gitlab-ci.yml), run locally by gitlab-ci-local (issue 29).

Cheap on purpose: gitlab-ci-local validates the file against GitLab's schema and lists the
jobs each kind of pipeline runs (merge request, default branch, schedule); one real job, the
redline note in a dry run, runs in shell mode. The full build job is what `make test` itself
is, so it is not run twice.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_checkout

GCL = REPO / ".venv" / "node" / "node_modules" / ".bin" / "gitlab-ci-local"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    if not GCL.exists():
        pytest.fail("gitlab-ci-local is not installed: `make test` installs it with npm "
                    "(.venv/node); npm and rsync come from .ci/debian-packages.")
    dest = copy_checkout(tmp_path_factory.mktemp("gitlab") / "handbok")
    git = ["git", "-C", str(dest), "-c", "user.email=ci@example.invalid", "-c", "user.name=ci"]
    subprocess.run([*git, "remote", "set-url", "origin",
                    "https://gitlab.example.invalid/kommun/handbok.git"], check=True)
    redline = dest / "_build" / "redline" / "sammanfattning.md"
    redline.parent.mkdir(parents=True)
    redline.write_text("<!-- handbok-redline -->\n## Ändringar i styrdokumenten\n",
                       encoding="utf-8")
    # gitlab-ci-local copies the tracked files into the job's folder.
    subprocess.run([*git, "add", "-A", "-f", "."], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "test"], check=True)
    return dest


def gcl(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(project.parent),
           "GCL_IGNORE_PREDEFINED_VARS": "CI_PIPELINE_SOURCE,CI_COMMIT_BRANCH,CI_DEFAULT_BRANCH,"
                                         "CI_MERGE_REQUEST_IID"}
    return subprocess.run([str(GCL), *args], capture_output=True, cwd=project,
                          text=True, timeout=300, env=env)


def jobs(project: Path, *variables: str) -> set[str]:
    args = [a for v in variables for a in ("--variable", v)]
    out = gcl(project, "--list-json", *args)
    assert out.returncode == 0, out.stdout + out.stderr
    listed = json.loads(out.stdout[re.search(r"^\[", out.stdout, re.M).start():])
    return {job["name"] for job in listed if job.get("when") != "never"}


def test_pipeline_validates_and_each_kind_runs_its_jobs(project):
    assert jobs(project, "CI_COMMIT_BRANCH=main", "CI_DEFAULT_BRANCH=main") == {
        "build", "review-list", "pages"}
    assert jobs(project, "CI_PIPELINE_SOURCE=merge_request_event", "HANDBOK_TOKEN=x") == {
        "build", "review-list", "redline-note"}
    assert jobs(project, "CI_PIPELINE_SOURCE=merge_request_event") == {"build", "review-list"}
    assert jobs(project, "CI_PIPELINE_SOURCE=schedule", "HANDBOK_JOB=review-reminders") == {
        "review-reminders"}
    chain = gcl(project, "--validate-dependency-chain")
    assert chain.returncode == 0, chain.stdout + chain.stderr


def test_build_job_runs_the_make_targets_and_keeps_the_artifacts():
    data = yaml.safe_load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    build = data["build"]
    # YAML anchors put lists in the list: GitLab flattens them, so does the test.
    lines = [line for part in build["script"] + build["after_script"]
             for line in (part if isinstance(part, list) else [part])]
    script = "\n".join(lines)
    for target in ("make html", "make test", "make redline-pdf", "make trainer pdf handouts"):
        assert target in script
    assert data["variables"]["GIT_DEPTH"] == "0"
    assert build["artifacts"]["when"] == "always"
    assert set(build["artifacts"]["paths"]) == {"_build/html", "_build/trainer",
                                                "_build/pdf/*.pdf", "_build/redline"}
    assert data["pages"]["artifacts"]["paths"] == ["public"]


def test_redline_note_job_runs_in_shell_mode(project):
    out = gcl(project, "redline-note", "--force-shell-executor",
              "--variable", "CI_PIPELINE_SOURCE=merge_request_event",
              "--variable", "HANDBOK_TOKEN=test", "--variable", "HANDBOK_DRY_RUN=1",
              "--variable", "CI_MERGE_REQUEST_IID=12")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[provkörning] skriver en ny anteckning på #12" in out.stdout
    assert "PASS" in out.stdout and "redline-note" in out.stdout
