"""The metadata header of policy pages and its located warnings."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup


def _header(app, docname: str) -> dict[str, str]:
    html = (app.outdir / f"{docname}.html").read_text(encoding="utf-8")
    box = BeautifulSoup(html, "html.parser").select_one(".handbok-policy-meta")
    assert box is not None, f"no metadata header on {docname}"
    names = [dt.get_text(strip=True).rstrip(":") for dt in box.select("dt")]
    values = [dd.get_text(" ", strip=True) for dd in box.select("dd")]
    return dict(zip(names, values, strict=True))


@pytest.mark.sphinx("html", testroot="policy-meta", freshenv=True)
def test_header_shows_front_matter_and_missing_values(app):
    app.build()
    header = _header(app, "good")
    assert header["Kommun"] == "Testkommunen"
    assert header["Typ av dokument"] == "program"
    assert header["Beslutande organ"] == "Kommunfullmäktige"
    assert header["Version"] == "2.1"
    assert header["Status"] == "gällande"
    # Values the text does not give are shown as missing, never invented.
    assert header["Giltighetstid"] == "uppgift saknas"
    assert header["Antagen"] == "uppgift saknas"
    assert header["Diarienummer"] == "uppgift saknas"


@pytest.mark.sphinx("html", testroot="policy-meta", freshenv=True)
def test_missing_and_invalid_status_are_located_warnings(app):
    app.build()
    warnings = app.warning.getvalue()
    assert "missing-status.md:1: WARNING: Fältet 'status' saknas" in warnings
    assert "[handbok.policy-meta]" in warnings
    assert "invalid-status.md:6: WARNING: Status 'antagen' finns inte." in warnings
    assert "gällande, förslag, upphävd" in warnings
    assert "good.md" not in warnings
    # The rest of the site still builds.
    assert (app.outdir / "good.html").exists()
    assert (app.outdir / "invalid-status.html").exists()


@pytest.mark.sphinx("html", testroot="policy-meta", freshenv=True)
def test_proposal_carries_a_banner(app):
    app.build()
    soup = BeautifulSoup((app.outdir / "proposal.html").read_text(encoding="utf-8"),
                         "html.parser")
    banner = soup.select_one(".handbok-status-banner")
    assert banner is not None
    assert "Förslag – inte antagen" in banner.get_text()
    good = BeautifulSoup((app.outdir / "good.html").read_text(encoding="utf-8"), "html.parser")
    assert good.select_one(".handbok-status-banner") is None
