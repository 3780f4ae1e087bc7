"""Open data exports: JSON valid against the published schema, CSV for Excel (Swedish)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

LISTS = ("policies", "cases", "activities", "methods", "goals", "actors", "duties")


def export(app) -> Path:
    return Path(app.outdir) / "export"


def validator(folder: Path) -> jsonschema.Draft202012Validator:
    schema = json.loads((folder / "schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.sphinx("html", testroot="export")
def test_json_files_validate_against_the_published_schema(app):
    app.build()
    folder = export(app)
    check = validator(folder)
    for name in ("handbok", *LISTS):
        payload = json.loads((folder / f"{name}.json").read_text("utf-8"))
        errors = list(check.iter_errors(payload))
        assert not errors, (name, [e.message for e in errors])
        assert payload["version"] == "1.1"
    cases = json.loads((folder / "cases.json").read_text("utf-8"))["cases"]
    assert [c["id"] for c in cases] == ["konferens-ovr", "studiebesok-abo"]
    abo = cases[1]
    assert abo["title"] == 'Studiebesök i Åbo; vård & omsorg'
    assert abo["unit"] == "Äldreförvaltningen"
    assert abo["years"] == [2019, 2020]
    assert abo["municipalities"] == ["Örebro-test kommun"]
    assert abo["url"] == "casebook/ett.html"
    duties = json.loads((folder / "duties.json").read_text("utf-8"))["duties"]
    assert duties[0]["assignments"] == [{"actor": "namnden", "role": "ansvarar"},
                                        {"actor": "styrelsen", "role": "stödjer"}]
    actors = {a["id"]: a for a in json.loads((folder / "actors.json").read_text("utf-8"))
              ["actors"]}
    assert actors["styrelsen"]["roles"] == {"stödjer": 1, "beslutar": 1}
    assert actors["styrelsen"]["duties"] == 2


def test_schema_rejects_a_wrong_record(tmp_path):
    schema = json.loads((Path(__file__).parent.parent / "exts" / "handbok"
                         / "export-schema.json").read_text("utf-8"))
    check = jsonschema.Draft202012Validator(schema)
    assert list(check.iter_errors({"cases": []}))  # version is required
    bad = {"version": "1.0", "cases": [{"id": "Fel Id", "title": 1}]}
    assert list(check.iter_errors(bad))


@pytest.mark.sphinx("html", testroot="export")
def test_csv_opens_in_excel_with_swedish_settings(app):
    app.build()
    folder = export(app)
    raw = (folder / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM
    body = raw[3:].decode("utf-8")
    assert body.count("\r\n") == 3 and "\n" not in body.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(body, newline=""), dialect="excel", delimiter=";"))
    header, *records = rows
    assert header[:5] == ["id", "rubrik", "typ", "förvaltning", "period"]
    data = json.loads((folder / "cases.json").read_text("utf-8"))["cases"]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in records}
    abo = by_id["studiebesok-abo"]
    assert abo["rubrik"] == data[1]["title"] == 'Studiebesök i Åbo; vård & omsorg'
    assert abo["effekt"] == data[1]["effect"]
    assert "; \"förflyttning\"" in abo["effekt"]
    assert abo["land"] == "Finland; Åland"
    assert abo["förvaltning"] == "Äldreförvaltningen"
    assert abo["år"] == "2019, 2020"
    assert abo["illustrativt"] == "ja"
    # Excel would run a cell starting with '=' as a formula: it is kept as text.
    assert abo["partner"] == "'=HYPERLINK(\"x\") (påhittad)"
    for name in LISTS:
        text = (folder / f"{name}.csv").read_text("utf-8-sig")
        parsed = list(csv.reader(io.StringIO(text, newline=""), dialect="excel", delimiter=";"))
        assert len({len(r) for r in parsed}) == 1, name  # same number of columns everywhere
    methods = list(csv.reader(io.StringIO((folder / "methods.csv").read_text("utf-8-sig"),
                                          newline=""), delimiter=";"))
    assert methods[1][1] == 'Utbyte; "nätverk" och möten'


@pytest.mark.sphinx("html", testroot="export")
def test_export_links_on_page(app):
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in page.select("ul.handbok-export-links a")]
    assert "export/cases.csv" in hrefs and "export/cases.json" in hrefs
    assert "export/schema.json" in hrefs
    for href in hrefs:
        assert (Path(app.outdir) / href).is_file(), href


@pytest.mark.sphinx("dirhtml", testroot="export")
def test_dirhtml_links_and_urls(app):
    app.build()
    page = BeautifulSoup((Path(app.outdir) / "policy" / "plan" / "index.html").read_text(
        "utf-8"), "html.parser")
    assert page is not None
    cases = json.loads((export(app) / "cases.json").read_text("utf-8"))["cases"]
    assert cases[1]["url"] == "casebook/ett/"


@pytest.mark.sphinx("latex", testroot="export")
def test_non_html_builder_also_writes_exports_without_urls(app):
    app.build()
    folder = export(app)
    cases = json.loads((folder / "cases.json").read_text("utf-8"))["cases"]
    assert [c["url"] for c in cases] == [None, None]
    assert not list(validator(folder).iter_errors(json.loads(
        (folder / "handbok.json").read_text("utf-8"))))
    assert (folder / "cases.csv").is_file()


@pytest.mark.sphinx("html", testroot="export", srcdir="export-incremental")
def test_exports_follow_an_incremental_build(app, make_app):
    app.build()
    src = Path(app.srcdir) / "casebook" / "tre.md"
    src.write_text((Path(app.srcdir) / "casebook" / "tva.md").read_text("utf-8")
                   .replace("konferens-ovr", "konferens-ny"), encoding="utf-8")
    app2 = make_app("html", srcdir=app.srcdir)
    app2.build()
    cases = json.loads((export(app2) / "cases.json").read_text("utf-8"))["cases"]
    assert "konferens-ny" in [c["id"] for c in cases]
