"""Issues and merge-request notes on GitHub, GitLab or Forgejo, found again by a hidden marker
so that a scheduled or repeated job updates what it wrote before and never makes a duplicate.

Used by the CI jobs: ``python -m handbok_cli.forgeapi note`` posts or updates the redline as a
merge-request note (GitLab) or pull-request comment (Forgejo; GitHub's workflow uses ``gh``),
and :mod:`handbok_cli.reminders` opens or updates one issue per policy to review.

Only the standard library. ``--dry-run`` reads nothing from the network: it prints what would
be done, with the existing items from ``--existing`` (a JSON list), for tests and for a first try.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

FORGES = ("github", "gitlab", "forgejo")


@dataclass
class Item:
    """An issue or a note: its number (or note id), title and body."""

    number: int
    title: str
    body: str


@dataclass
class Forge:
    """One repository on one forge, reached with a token (``None`` for a dry run)."""

    kind: str
    api: str
    repo: str
    token: str | None
    dry_run: bool = False
    existing: list[Item] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    _next: int = 100000

    # --- HTTP ------------------------------------------------------------------------------
    def _request(self, method: str, path: str, data: dict[str, object] | None = None) -> Any:
        """The forge's answer, as JSON."""
        url = f"{self.api.rstrip('/')}/{path.lstrip('/')}"
        headers = {"Accept": "application/json", "Content-Type": "application/json",
                   "User-Agent": "handbok-ci"}
        if self.kind == "gitlab":
            headers["PRIVATE-TOKEN"] = self.token or ""
        elif self.kind == "github":
            headers["Authorization"] = f"Bearer {self.token}"
        else:
            headers["Authorization"] = f"token {self.token}"
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - https API
            return json.loads(response.read() or b"null")

    def _paths(self) -> dict[str, str]:
        repo = urllib.parse.quote(self.repo, safe="") if self.kind == "gitlab" else self.repo
        return {
            "github": {"issues": f"repos/{repo}/issues",
                       "notes": f"repos/{repo}/issues/{{n}}/comments",
                       "note": f"repos/{repo}/issues/comments/{{id}}"},
            "gitlab": {"issues": f"projects/{repo}/issues",
                       "notes": f"projects/{repo}/merge_requests/{{n}}/notes",
                       "note": f"projects/{repo}/merge_requests/{{n}}/notes/{{id}}"},
            "forgejo": {"issues": f"repos/{repo}/issues",
                        "notes": f"repos/{repo}/issues/{{n}}/comments",
                        "note": f"repos/{repo}/issues/comments/{{id}}"},
        }[self.kind]

    # --- issues ----------------------------------------------------------------------------
    def open_issues(self, label: str) -> list[Item]:
        if self.dry_run:
            return list(self.existing)
        paths, page = self._paths(), 1
        found: list[Item] = []
        while True:
            query = {"github": {"state": "open", "labels": label, "per_page": 100},
                     "gitlab": {"state": "opened", "labels": label, "per_page": 100},
                     "forgejo": {"state": "open", "type": "issues", "limit": 50}}[self.kind]
            query["page"] = page
            batch = self._request("GET", f"{paths['issues']}?{urllib.parse.urlencode(query)}")
            if not batch:
                return found
            for it in batch:
                if "pull_request" in it:
                    continue
                number = it.get("iid") if self.kind == "gitlab" else it.get("number")
                found.append(Item(int(number), it.get("title") or "",
                                  it.get("description") or it.get("body") or ""))
            page += 1

    def upsert_issue(self, marker: str, title: str, body: str, label: str,
                     issues: list[Item]) -> str:
        """Update the open issue whose body holds ``marker``, or open a new one."""
        text = f"{marker}\n{body}"
        same = [it for it in issues if marker in it.body]
        if same:
            it = same[0]
            if it.body == text and it.title == title:
                return self._say(f"oförändrat ärende #{it.number}: {title}")
            if not self.dry_run:
                key = "description" if self.kind == "gitlab" else "body"
                method = "PUT" if self.kind == "gitlab" else "PATCH"
                self._request(method, f"{self._paths()['issues']}/{it.number}",
                              {"title": title, key: text})
            it.title, it.body = title, text
            return self._say(f"uppdaterar ärende #{it.number}: {title}")
        if self.dry_run:
            number = self._next
            self._next += 1
        else:
            data: dict[str, object] = {
                "title": title, ("description" if self.kind == "gitlab" else "body"): text}
            if self.kind in ("github", "gitlab"):
                data["labels"] = [label] if self.kind == "github" else label
            made = self._request("POST", self._paths()["issues"], data)
            number = int(made.get("iid") if self.kind == "gitlab" else made.get("number"))
        issues.append(Item(number, title, text))
        return self._say(f"skapar ärende #{number}: {title}")

    # --- the note on a merge request or pull request -----------------------------------------
    def upsert_note(self, number: int, marker: str, body: str) -> str:
        text = body if body.startswith(marker) else f"{marker}\n{body}"
        notes = list(self.existing) if self.dry_run else self._notes(number)
        same = [n for n in notes if n.body.startswith(marker)]
        if same:
            if not self.dry_run:
                path = self._paths()["note"].format(n=number, id=same[0].number)
                self._request("PUT" if self.kind == "gitlab" else "PATCH", path, {"body": text})
            return self._say(f"uppdaterar anteckningen {same[0].number} på #{number}")
        if not self.dry_run:
            self._request("POST", self._paths()["notes"].format(n=number), {"body": text})
        return self._say(f"skriver en ny anteckning på #{number}")

    def _notes(self, number: int) -> list[Item]:
        page = 1
        found: list[Item] = []
        while True:
            path = self._paths()["notes"].format(n=number)
            batch = self._request("GET", f"{path}?per_page=100&limit=50&page={page}")
            if not batch:
                return found
            found += [Item(int(n["id"]), "", n.get("body") or "") for n in batch]
            page += 1

    def _say(self, text: str) -> str:
        line = ("[provkörning] " if self.dry_run else "") + text
        self.log.append(line)
        print(line)
        return line


def from_environment(kind: str | None, dry_run: bool, existing: str | None = None) -> Forge:
    """The forge of the CI job that runs: GitLab's and Forgejo's/GitHub's own variables."""
    env = os.environ
    kind = (kind or env.get("HANDBOK_FORGE") or ("gitlab" if env.get("GITLAB_CI") else
            "forgejo" if env.get("FORGEJO_ACTIONS") or env.get("GITEA_ACTIONS") else "github"))
    if kind not in FORGES:
        raise SystemExit(f"Okänd forge {kind!r}: skriv github, gitlab eller forgejo.")
    if kind == "gitlab":
        api, repo = env.get("CI_API_V4_URL", ""), env.get("CI_PROJECT_ID", "")
    else:
        server = env.get("GITHUB_API_URL") or (env.get("GITHUB_SERVER_URL", "") + "/api/v1")
        api, repo = server, env.get("GITHUB_REPOSITORY", "")
    token = env.get("HANDBOK_TOKEN") or env.get("GITHUB_TOKEN")
    if not dry_run and (not api or not repo or not token):
        raise SystemExit("Det saknas adress, förråd eller nyckel (HANDBOK_TOKEN) för att skriva "
                         "på forgen. Kör med --dry-run för att se vad som skulle göras.")
    items = []
    if existing:
        with open(existing, encoding="utf-8") as handle:
            items = [Item(int(it["number"]), it.get("title", ""), it.get("body", ""))
                     for it in json.load(handle)]
    return Forge(kind, api, repo, token, dry_run, items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbok_cli.forgeapi",
                                     description="Skriv redline som anteckning på ett förslag.")
    sub = parser.add_subparsers(dest="command", required=True)
    note = sub.add_parser("note", help="skriv eller uppdatera redline-anteckningen")
    note.add_argument("--number", type=int, required=True, help="förslagets nummer")
    note.add_argument("--body", required=True, help="filen med texten (sammanfattning.md)")
    note.add_argument("--marker", default="<!-- handbok-redline -->")
    for p in (note,):
        p.add_argument("--forge", choices=FORGES)
        p.add_argument("--dry-run", action="store_true")
        p.add_argument("--existing", help="JSON med befintliga anteckningar (för provkörning)")
    args = parser.parse_args(argv)
    forge = from_environment(args.forge, args.dry_run, args.existing)
    with open(args.body, encoding="utf-8") as handle:
        forge.upsert_note(args.number, args.marker, handle.read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
