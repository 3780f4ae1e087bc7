"""Review reminders (issue 29): which policies are due, and one issue per policy, never two."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from handbok_cli.forgeapi import Forge, Item
from handbok_cli.reminders import LABEL, reminders

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2027, 3, 1)

POLICIES = {
    # name: (front matter lines, due?)
    "snart": ("valid: 2025–2028\nreview-by: 2027-04-15\nowner: Kommunledningskontoret", True),
    "senare": ("valid: 2025–2028\nreview-by: 2027-12-31\nowner: Kultur", False),
    "passerad": ("valid: 2024–2030\nreview-by: 2026-06\nowner: Kultur", True),
    "utgangen": ("valid: 2019–2022\nreview-by:\nowner:", True),
    "upphavd": ("valid: 2016–2020\nreview-by: 2020-01-01\nowner: x\nstatus: upphävd", False),
    "ersatt": ("valid: 2016–2020\nreview-by:\nowner: x\nreplaced-by: snart", False),
    "grans": ("valid: tills vidare\nreview-by: 2027-05-30\nowner: Skola", True),
    "utanfor": ("valid: tills vidare\nreview-by: 2027-05-31\nowner: Skola", False),
}


def make_root(tmp: Path) -> Path:
    for name, (lines, _) in POLICIES.items():
        folder = tmp / "policy" / name
        folder.mkdir(parents=True)
        status = "" if "status:" in lines else "\nstatus: gällande"
        (folder / "strategi.md").write_text(
            f"---\npolicy: {name}\nmunicipality: {name.title()} kommun\n{lines}{status}\n---\n\n"
            f"# Strategi {name}\n\nText.\n", encoding="utf-8")
    (tmp / "policy" / "index.md").write_text("# Styrdokument\n", encoding="utf-8")
    return tmp


def test_due_policies_within_90_days_past_or_ended(tmp_path):
    due = reminders(make_root(tmp_path), TODAY)
    assert {r.policy for r in due} == {n for n, (_, d) in POLICIES.items() if d}
    # Most urgent first: the period that ended in 2022 before the review date of 2026-06.
    assert [r.policy for r in due][:2] == ["utgangen", "passerad"]
    snart = next(r for r in due if r.policy == "snart")
    assert snart.owner == "Kommunledningskontoret"
    assert snart.reasons == ["Dokumentet ska ses över senast den 15 april 2027."]
    assert "skulle ha setts över senast den 30 juni 2026" in next(
        r for r in due if r.policy == "passerad").reasons[0]
    assert "Ägaren står inte i handboken" in next(
        r for r in due if r.policy == "utgangen").issue_body()


def test_one_issue_per_policy_and_never_a_duplicate(tmp_path):
    due = reminders(make_root(tmp_path), TODAY)
    forge = Forge("gitlab", "", "", None, dry_run=True)
    # An issue from an earlier run for one policy, with an older text.
    issues = [Item(7, "Se över: Strategi snart", f"{due[-1].marker}\ngammal text"),
              Item(8, "Något annat", "utan markör")]
    for _ in range(3):  # the scheduled job runs again and again
        for item in due:
            forge.upsert_issue(item.marker, item.issue_title(), item.issue_body(), LABEL,
                               issues)
    created = [line for line in forge.log if "skapar" in line]
    assert len(created) == len(due) - 1
    assert sum("uppdaterar ärende #7" in line for line in forge.log) == 1
    markers = [it.body.splitlines()[0] for it in issues if it.body.startswith("<!--")]
    assert len(markers) == len(set(markers)) == len(due)


def test_command_line_dry_run_with_existing_issues(tmp_path):
    root = make_root(tmp_path / "repo")
    existing = tmp_path / "existing.json"
    existing.write_text(json.dumps([{"number": 3, "title": "x",
                                     "body": "<!-- handbok-oversyn:grans -->\nx"}]))
    out = subprocess.run(
        [sys.executable, "-m", "handbok_cli", "paminnelser", "--rot", str(root), "--idag",
         TODAY.isoformat(), "--arenden", "--provkorning", "--forge", "forgejo", "--befintliga",
         str(existing)], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert "policy/snart/strategi.md: Strategi snart (Kommunledningskontoret)" in out
    assert "[provkörning] uppdaterar ärende #3: Se över: Strategi grans" in out
    assert out.count("[provkörning] skapar ärende") == 3
    bad = subprocess.run([sys.executable, "-m", "handbok_cli", "paminnelser", "--idag", "igår"],
                         capture_output=True, text=True, cwd=REPO)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "--idag" in bad.stderr


def test_the_real_handbook_lists_huddinges_ended_strategy():
    due = reminders(REPO, dt.date(2026, 12, 6))
    assert any(r.path == "policy/huddinge/strategi.md" for r in due)
