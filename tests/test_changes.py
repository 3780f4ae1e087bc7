""""Nytt och ändrat" (issue 29): the page and the Atom feed of every change across the
handbook, from real git history of a small handbook, read back with feedparser."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from test_history import git

ROOT = Path(__file__).parent / "roots" / "test-history"
STRATEGY = "policy/huddinge/strategi.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory, make_app_module):
    src = tmp_path_factory.mktemp("changes") / "src"
    shutil.copytree(ROOT, src)
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8")
                                 + '\nhtml_baseurl = "https://intranat.example.se/handbok/"\n',
                                 encoding="utf-8")
    index = src / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "policy/haninge/program\n", "policy/haninge/program\nnytt\ndocs/utbildning/modul\n"
        "casebook/studiebesok/skolmat\n"), encoding="utf-8")
    (src / "nytt.md").write_text("# Nytt och ändrat\n\n```{changes-list}\n```\n",
                                 encoding="utf-8")
    (src / "docs" / "utbildning").mkdir(parents=True)
    (src / "docs" / "utbildning" / "modul.md").write_text("# Modul 1: Grunder\n\nText.\n",
                                                          encoding="utf-8")
    (src / "casebook" / "studiebesok").mkdir(parents=True)
    case = src / "casebook" / "studiebesok" / "skolmat.md"
    case.write_text("# Studiebesök om skolmat\n\nEtt påhittat exempel.\n", encoding="utf-8")
    git(src, "init", "-q")
    git(src, "add", "-A", "--", ".", ":!casebook")
    git(src, "commit", "-q", "-m", "Start", date="2024-01-15T10:00:00")
    strategy = src / STRATEGY
    strategy.write_text(strategy.read_text(encoding="utf-8").replace(
        "leder det internationella", "leder hela det internationella"), encoding="utf-8")
    git(src, "commit", "-q", "-am", "Clarify\n\nSammanfattning: Förtydligat ansvaret.",
        date="2024-03-01T10:00:00")
    git(src, "add", "casebook")
    git(src, "commit", "-q", "-m", "Add a case\n\nSammanfattning: Nytt exempel om skolmat.",
        date="2024-04-01T10:00:00")
    case.write_text(case.read_text(encoding="utf-8") + "\nMer text.\n", encoding="utf-8")
    git(src, "commit", "-q", "-am", "Longer case", date="2024-05-01T10:00:00")
    app = make_app_module("html", srcdir=src)
    app.build()
    yield app
    app.cleanup()


@pytest.fixture(scope="module")
def make_app_module(request):
    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(*args, **kwargs):
        app = SphinxTestApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make


def items(app) -> list[str]:
    page = BeautifulSoup((Path(app.outdir) / "nytt.html").read_text(encoding="utf-8"),
                         "html.parser")
    return [li.get_text(" ", strip=True) for li in page.select("ul.handbok-changes > li")]


def test_page_lists_every_change_newest_first(built):
    found = items(built)
    assert found[0].startswith("2024-05-01 Exempel, ändrat: Studiebesök om skolmat")
    assert found[1] == ("2024-04-01 Exempel, nytt exempel: Studiebesök om skolmat "
                        "Sammanfattning: Nytt exempel om skolmat.")
    assert found[2].startswith("2024-03-01 Styrdokument, ändrat:")
    assert found[2].endswith("Sammanfattning: Förtydligat ansvaret.")
    assert any(f.startswith("2024-01-15 Utbildningsmodul, ny modul: Modul 1: Grunder")
               for f in found)
    assert sum("nytt styrdokument" in f for f in found) == 3
    dates = [f[:10] for f in found]
    assert dates == sorted(dates, reverse=True)
    assert "Traceback" not in built.warning.getvalue()


def test_links_go_to_the_pages(built):
    page = BeautifulSoup((Path(built.outdir) / "nytt.html").read_text(encoding="utf-8"),
                         "html.parser")
    hrefs = [a["href"] for a in page.select("ul.handbok-changes a")]
    assert "casebook/studiebesok/skolmat.html" in hrefs
    assert "policy/huddinge/strategi.html" in hrefs


def test_atom_feed_parses_and_matches_the_page(built):
    feed = feedparser.parse((Path(built.outdir) / "nytt.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title.endswith("nytt och ändrat")
    entries = feed.entries
    assert len(entries) == len(items(built))
    assert entries[0].title == "Exempel, ändrat: Studiebesök om skolmat"
    assert entries[0].link == ("https://intranat.example.se/handbok/"
                               "casebook/studiebesok/skolmat.html")
    assert entries[1].summary == "Nytt exempel om skolmat."
    assert len({e.id for e in entries}) == len(entries)
    updated = [e.updated_parsed for e in entries]
    assert updated == sorted(updated, reverse=True)
    # Every page points feed readers at the feed.
    index = (Path(built.outdir) / "index.html").read_text(encoding="utf-8")
    assert 'rel="alternate" type="application/atom+xml"' in index


def test_real_site_has_the_page_and_the_feed(site_html):
    feed = feedparser.parse((site_html / "nytt.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) > 5
    assert (site_html / "docs" / "nytt.html").exists()
