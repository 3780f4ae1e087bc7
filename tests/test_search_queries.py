"""The query set of `make bench-search`: enough Swedish queries, of each kind, whose pages
exist (a renamed page must not silently lower an engine's recall)."""

from __future__ import annotations

import json
import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "tests" / "bench"))
import search  # noqa: E402  (tests/bench/search.py, the bench itself)


def test_at_least_a_hundred_queries_a_third_as_employees_type_them():
    queries = search.read_queries()
    assert len(queries) >= 100
    kinds = {q["kind"] for q in queries}
    assert kinds == {"del", "böjning", "fler", "fråga", "sammansatt", "stavfel"}
    typed = [q for q in queries if q["kind"] in {"sammansatt", "stavfel", "böjning"}]
    assert len(typed) * 3 >= len(queries)
    # A part of a compound finds the compound: "vänort" is answered by "Vänortsutbyten".
    vanort = next(q for q in queries if q["query"] == "vänort")
    assert "casebook/vanortsutbyte/index" in vanort["pages"]


def test_half_of_the_new_queries_are_held_back():
    queries = search.read_queries()
    assert {"bas", "trim", "prov", "trim2"} <= {q["set"] for q in queries} <= {
        "bas", "trim", "prov", "trim2", "prov2", "trim3", "prov3", "trim4", "prov4", "trim5dev",
        "trim5", "prov5", "trim6", "prov6", "trim7", "prov7", "trim8", "prov8", "trim9",
        "prov9", "trim10", "prov10", "trim11", "prov11", "trim12", "prov12", "trim13",
        "prov13"}
    # The third round, written by someone who saw neither the code nor the earlier queries, was
    # measured once and tuned on by nobody; two of its held-back questions were near-copies of
    # tuning questions and were moved to trim3 before the measurement. Both halves have every kind.
    third = [q for q in queries if q["set"] in ("trim3", "prov3")]
    for kind in {q["kind"] for q in third}:
        assert {q["set"] for q in third if q["kind"] == kind} == {"trim3", "prov3"}, kind
    # The fourth round (two writers; queries that repeated earlier ones dropped, so the halves
    # need not be equal) has every kind in its tuning half, and in its held-back half once the
    # lead adds it.
    fourth = [q for q in queries if q["set"] in ("trim4", "prov4")]
    kinds4 = {q["kind"] for q in fourth}
    assert "fråga" in kinds4
    for half in {q["set"] for q in fourth}:
        assert {q["kind"] for q in fourth if q["set"] == half} == kinds4, half
    # The fifth to thirteenth rounds (two writers each; queries that repeated earlier
    # ones dropped) have every kind in both halves: alternately one to each half, per writer
    # and kind.
    for trim, prov in (("trim5", "prov5"), ("trim6", "prov6"), ("trim7", "prov7"),
                       ("trim8", "prov8"), ("trim9", "prov9"), ("trim10", "prov10"),
                       ("trim11", "prov11"), ("trim12", "prov12"), ("trim13", "prov13")):
        rnd = [q for q in queries if q["set"] in (trim, prov)]
        for half in (trim, prov):
            assert {q["kind"] for q in rnd if q["set"] == half} == {
                "böjning", "fråga", "sammansatt", "stavfel"}, half
    for trim, prov in (("trim", "prov"), ("trim2", "prov2")):
        new = [q for q in queries if q["set"] in (trim, prov)]
        held = [q for q in new if q["set"] == prov]
        if prov == "prov2" and not held:
            continue  # the second round's held-back half is kept apart until the lead adds it
        assert abs(2 * len(held) - len(new)) <= 1
        # Within every kind too, so each group is reported on queries it was not tuned on.
        for kind in {q["kind"] for q in new}:
            of_kind = [q for q in new if q["kind"] == kind]
            assert abs(2 * sum(q["set"] == prov for q in of_kind) - len(of_kind)) <= 1, kind


def test_every_expected_page_exists(site_html):
    """Every expected page is a page of the built site: the follow-up's year pages
    (docs/uppfoljning/2022) are written by the build, not kept in the checkout."""
    for q in search.read_queries():
        for page in q["pages"]:
            assert (site_html / f"{page}.html").is_file(), f"{q['query']!r}: {page} finns inte"


def test_recall_counts_the_first_five_only():
    pages = ["a", "b"]
    assert search.recall(["x", "a", "y", "z", "w", "b"], pages) == 0.5
    assert search.recall(["b", "a"], pages) == 1.0
    assert search.docname("http://h/casebook/vanortsutbyte/") == "casebook/vanortsutbyte/index"
    assert search.docname("http://h/docs/sokning.html#resultat") == "docs/sokning"


def test_reciprocal_rank_and_groups():
    assert search.reciprocal_rank(["x", "a"], ["a", "b"]) == 0.5
    assert search.reciprocal_rank(["x"], ["a"]) == 0.0
    rows = [{"kind": "stavfel", "set": "prov", "recall": 1.0, "rr": 1.0},
            {"kind": "sammansatt", "set": "trim", "recall": 0.0, "rr": 0.0},
            {"kind": "del", "set": "bas", "recall": 1.0, "rr": 0.5}]
    rows.append({"kind": "stavfel", "set": "prov2", "recall": 0.0, "rr": 0.0})
    groups = search.groups(rows)
    assert groups["okända, hållna utanför"] == {"n": 1, "recall": 0.0, "mrr": 0.0}
    assert groups["stavfel, hållna"]["n"] == 2
    rows.pop()
    groups = search.groups(rows)
    assert groups["alla"]["n"] == 3
    assert groups["nya, hållna utanför"]["recall"] == 1.0
    assert groups["sammansatt+stavfel"]["recall"] == 0.5
    assert groups["del"]["mrr"] == 0.5


def test_coordinated_compounds_are_made_whole():
    """Hyphenated coordination in the text is indexed as the whole words too."""
    sys.path.insert(0, str(REPO / "exts"))
    from handbok.search import coordinated_compounds

    assert coordinated_compounds("närings- och föreningsliv") == ["näringsliv"]
    assert coordinated_compounds("kunskaps- och erfarenhetsutbyte") == ["kunskapsutbyte"]
    assert coordinated_compounds("bygg-, miljö- och hälsoskyddsnämnden") == [
        "byggnämnden", "miljönämnden"]
    # A hyphen that coordinates nothing, and a plain sentence, add nothing.
    assert coordinated_compounds("EU-projekt och annat") == []
    assert coordinated_compounds("Kommunen ska delta i nätverk.") == []


def _search_config(site_html) -> dict:
    text = (site_html / "_static" / "handbok-search-config.js").read_text(encoding="utf-8")
    return json.loads(text.split("=", 1)[1].strip().rstrip(";"))


def test_the_browser_learns_each_cases_type_page_from_the_build(site_html):
    config = _search_config(site_html)
    # Every folder of the casebook that holds a case and has a front page is a type folder,
    # and that front page exists; a case elsewhere names its own type page.
    cases = [p.relative_to(site_html).with_suffix("").as_posix()
             for p in (site_html / "casebook").glob("*/*.html") if p.stem != "index"]
    folders = {c.rsplit("/", 1)[0] for c in cases}
    assert set(config["type_folders"]) == {f for f in folders
                                           if (site_html / f / "index.html").is_file()}
    for case, page in config["type_pages"].items():
        assert (site_html / f"{case}.html").is_file()
        assert (site_html / f"{page}.html").is_file()


def test_the_browser_learns_each_roles_page_and_names(site_html):
    config = _search_config(site_html)
    assert config["role_names"], config
    for page, names in config["role_names"].items():
        assert (site_html / f"{page}.html").is_file(), page
        # The role's own name first, then the bodies whose duties it shows.
        assert names and all(n == n.lower() for n in names), names
    assert "fullmäktige" in config["role_names"]["policy/roller/fortroendevald"]


def _search_index(site_html) -> dict:
    text = (site_html / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def _pages_of(index: dict, term: str) -> set[str]:
    files = index["terms"].get(term, [])
    files = files if isinstance(files, list) else [files]
    return {index["docnames"][f] for f in files}


def test_a_word_an_editorial_page_quotes_is_not_in_its_search_entry(site_html):
    """The search page quotes the queries it was measured on ("jobskuggning", "vänorterna"):
    named, not used. Those words stay out of its entry, the rest of its text stays in, and
    the pages that use the words still have them."""
    index = _search_index(site_html)
    source = (REPO / "docs" / "sokning.md").read_text(encoding="utf-8")
    assert '"jobskuggning"' in source and '"studiebesok"' in source
    assert "docs/sokning" not in _pages_of(index, "jobskuggning")
    assert "docs/sokning" not in _pages_of(index, "studiebesok")
    # Unquoted words of the page are still searchable ("Sammansatta ord delas").
    assert "docs/sokning" in _pages_of(index, "sammansatt") | _pages_of(index, "sammansat")
    # Policy text is never treated so: the policies keep every word.
    assert "policy/huddinge/strategi" in _pages_of(index, "vänort")


def test_a_modules_quotes_of_the_adopted_text_are_not_in_its_search_entry(site_html):
    """A training module quotes the policy (policy-quote, an actor's duties, the matrix): on
    the module, the words that stand only in those quotes are left out of its entry, so a
    search for them finds the policy, not every module that repeats it. The policy keeps
    them, and so does a role's page, which is made of such lists."""
    from bs4 import BeautifulSoup
    from handbok.search import QUOTE_CLASSES, QUOTE_OWN, SearchSwedishHandbok

    index = _search_index(site_html)
    lang = SearchSwedishHandbok({})

    def terms(text: str) -> set[str]:
        out = set()
        for word in lang.split(text):
            term = lang.stem(word).lower()
            if len(term) >= 4 and lang.word_filter(term):
                out.add(term)
        return out

    modules = 0
    for path in sorted(site_html.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.bd-article")
        if article is None or not article.select(".handbok-policy-quote"):
            continue
        docname = path.relative_to(site_html).with_suffix("").as_posix()
        # A quote's source line and status notices are the handbook's own words.
        own = [element.extract() for element in
               article.select(", ".join("." + name for name in QUOTE_OWN))]
        quoted: set[str] = set()
        for element in article.select(", ".join("." + name for name in QUOTE_CLASSES)):
            quoted |= terms(element.get_text(" "))
            element.decompose()
        only_quoted = quoted - terms(" ".join([article.get_text(" ")]
                                              + [element.get_text(" ") for element in own]))
        assert only_quoted, docname
        for term in only_quoted:
            assert docname not in _pages_of(index, term), (docname, term)
        # The adopted text holds them: the policies keep every word.
        assert any(_pages_of(index, term) & {"policy/huddinge/strategi",
                                             "policy/haninge/program"}
                   for term in only_quoted), docname
        modules += 1
    assert modules >= 4
    # A role's page is its duties: they stay in its entry.
    role = BeautifulSoup((site_html / "policy/roller/kontaktperson.html").read_text(
        encoding="utf-8"), "html.parser").select_one("article.bd-article .handbok-role-duties")
    assert role is not None
    titled = {t for t, files in index["titleterms"].items()
              if index["docnames"].index("policy/roller/kontaktperson")
              in (files if isinstance(files, list) else [files])}
    missing = {t for t in terms(role.get_text(" ")) if t in index["terms"]
               and "policy/roller/kontaktperson" not in _pages_of(index, t)} - titled
    assert not missing, missing
