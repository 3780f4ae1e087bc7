"""Open data: the handbook's records as JSON and CSV under ``export/`` in the output.

Written at ``build-finished`` from the environment, so a plain ``sphinx-build`` gives them,
incremental or not. Every builder that writes files (``builder.format`` set: html, dirhtml,
singlehtml, epub, latex, text, man, texinfo, xml) gets them in its output folder; builders
that write no documents (linkcheck, gettext, dummy) do not. Page URLs are filled in for HTML
builders and are ``null`` for the others.

- JSON: ``handbok.json`` with everything, and one file per list (``cases.json`` ...), each with
  ``version``; the JSON Schema ``schema.json`` is published beside them.
- CSV for Excel with Swedish settings: UTF-8 with BOM, semicolon, CRLF, Swedish headers.
  Cells that Excel would read as a formula get a leading apostrophe.
- ``export-links`` directive: links to the files; ``export-fields`` directive: the fields of
  each file, from the schema's descriptions.
"""

from __future__ import annotations

import csv
import hashlib
import json
from importlib import resources
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from . import lifecycle
from .domain import pending_view, query, records_token, register_view
from .model import Query
from .records import PolicyRecord
from .state import keep_for_next_build, read_kept
from .util import absolute_url, formula_safe, link, logger, settings_digest

EXPORT_VERSION = "1.1"
EXPORT_DIR = "export"
#: What the last build wrote the files from, in the doctree folder.
STAMP_FILE = "handbok-export.json"
SCHEMA_FILE = "schema.json"
LISTS = ("policies", "cases", "activities", "methods", "goals", "actors", "duties")
LIST_LABELS = {
    "cases": "Exempel (aktiviteter och illustrativa exempel)",
    "activities": "Genomförda aktiviteter, en rad per aktivitet och år",
    "methods": "Metoder",
    "goals": "Mål",
    "actors": "Aktörer",
    "duties": "Uppgifter",
    "policies": "Styrdokument",
}
#: CSV column header per JSON field, per list.
CSV_COLUMNS: dict[str, dict[str, str]] = {
    "policies": {"id": "id", "title": "rubrik", "municipality": "kommun", "kind": "typ",
                 "valid": "giltighetstid", "decided_by": "beslutande organ",
                 "adopted": "antagen", "diarienummer": "diarienummer", "version": "version",
                 "status": "status", "review_by": "ses över senast", "owner": "ägare",
                 "replaces": "ersätter", "replaced_by": "ersätts av", "state_label": "läge",
                 "state_since": "läge sedan", "missing": "saknas", "url": "adress"},
    "cases": {"id": "id", "title": "rubrik", "type_label": "typ", "unit": "förvaltning",
              "period": "period", "start": "start", "end": "slut", "years": "år",
              "partner": "partner", "country": "land", "funding": "finansiering",
              "methods": "metoder", "goals": "mål", "municipalities": "kommuner",
              "municipality": "kommun", "effect": "effekt", "illustrative": "illustrativt",
              "url": "adress"},
    "activities": {"year": "år", "municipality": "kommun", "unit": "förvaltning", "id": "id",
                   "title": "rubrik", "type_label": "typ", "period": "period",
                   "start": "start", "end": "slut", "partner": "partner", "country": "land",
                   "funding": "finansiering", "methods": "metod-id",
                   "method_labels": "metoder", "goals": "mål-id", "goal_labels": "mål",
                   "effect": "effekt", "absolute_url": "adress"},
    "methods": {"id": "id", "label": "rubrik", "municipality": "kommun", "policy": "styrdokument",
                "text": "antagen text", "cases": "exempel", "url": "adress"},
    "goals": {"id": "id", "label": "rubrik", "municipality": "kommun", "policy": "styrdokument",
              "text": "antagen text", "cases": "exempel", "url": "adress"},
    "actors": {"id": "id", "label": "namn", "kind": "typ av organ", "municipality": "kommun",
               "policy": "styrdokument",
               "duties": "antal uppgifter", "roles": "roller", "url": "adress"},
    "duties": {"id": "id", "text": "antagen text", "municipality": "kommun",
               "policy": "styrdokument", "assignments": "aktör och roll", "url": "adress"},
}


def schema_text() -> str:
    return resources.files("handbok").joinpath("export-schema.json").read_text(encoding="utf-8")


def page_url(app: Sphinx, docname: str, anchor: str = "") -> str | None:
    if app.builder.format != "html":
        return None
    uri = app.builder.get_target_uri(docname)
    return f"{uri}#{anchor}" if anchor else uri


def collect(app: Sphinx) -> dict[str, list[dict[str, object]]]:
    """All records as plain JSON-ready dicts, in a stable order (their fields are those of
    export-schema.json, which the tests check the files against)."""
    idx = query(app.env)
    types = app.config.handbok_case_types
    municipality = {pid: pol["municipality"] for pid, pol in idx.policies.items()}
    out: dict[str, list[dict[str, object]]] = {name: [] for name in LISTS}
    for pid in sorted(idx.policies):
        pol = idx.policies[pid]
        out["policies"].append({
            "id": pid, "title": pol["title"], "municipality": pol["municipality"],
            "kind": pol["kind"], "valid": pol["valid"], "decided_by": pol["decided_by"],
            "adopted": pol["adopted"], "diarienummer": pol["diarienummer"],
            "version": pol["version"], "status": pol["status"],
            **_lifecycle_fields(app, idx, pol),
            "page": pol["docname"], "url": page_url(app, pol["docname"]),
        })
    cases = sorted(idx.cases.values(), key=lambda c: c["id"])
    for case in cases:
        out["cases"].append({
            "id": case["id"], "title": case["title"], "type": case["type"],
            "type_label": types.get(case["type"], case["type"]), "unit": case["unit"],
            "period": case["period"], "start": case["start"], "end": case["end"],
            "years": list(case["years"]), "partner": case["partner"],
            "country": case["country"], "funding": case["funding"],
            "methods": list(case["methods"]), "goals": list(case["goals"]),
            "municipalities": idx.case_municipalities(case),
            "municipality": idx.case_home(case), "effect": case["effect"],
            "illustrative": bool(case["illustrative"]), "page": case["docname"],
            "url": page_url(app, case["docname"]),
        })
    # Carried-out activities only: illustrative examples are never counted.
    for row in idx.activity_rows(idx.activities()):
        out["activities"].append({
            "year": row["year"], "municipality": row["municipality"], "unit": row["unit"],
            "id": row["id"], "title": row["title"], "type": row["type"],
            "type_label": types.get(row["type"], row["type"]), "period": row["period"],
            "start": row["start"], "end": row["end"], "partner": row["partner"],
            "country": row["country"], "funding": row["funding"], "methods": row["methods"],
            "method_labels": row["method_labels"], "goals": row["goals"],
            "goal_labels": row["goal_labels"], "effect": row["effect"],
            "page": row["docname"], "url": page_url(app, row["docname"]),
            "absolute_url": absolute_url(app, row["docname"]),
        })
    for tid in sorted(idx.targets):
        rec = idx.targets[tid]
        out[f"{rec['kind']}s"].append({
            "id": tid, "kind": rec["kind"], "label": rec["label"], "text": rec["text"],
            "policy": rec["policy"], "municipality": municipality.get(rec["policy"] or "", ""),
            "cases": sorted(c["id"] for c in idx.cases_serving(rec["kind"], tid)),
            "page": rec["docname"], "url": page_url(app, rec["docname"], rec["anchor"]),
        })
    for (policy, aid) in sorted(idx.actors, key=lambda k: (k[0] or "", k[1])):
        actor = idx.actors[(policy, aid)]
        roles: dict[str, int] = {}
        mine = idx.duties_of(policy, aid)
        for duty in mine:
            for a, role in duty["assignments"]:
                if a == aid:
                    roles[role] = roles.get(role, 0) + 1
        count = len(mine)
        out["actors"].append({
            "id": aid, "policy": policy, "municipality": municipality.get(policy or "", ""),
            "label": actor["label"], "kind": actor.get("kind") or "annan", "duties": count,
            "roles": roles, "page": actor["docname"],
            "url": page_url(app, actor["docname"], actor["anchor"]),
        })
    for duty in idx.duties:
        out["duties"].append({
            "id": f"{duty['policy'] or duty['docname'].replace('/', '-')}-{duty['anchor']}",
            "policy": duty["policy"], "municipality": municipality.get(duty["policy"] or "", ""),
            "text": duty["text"],
            "assignments": [{"actor": a, "role": r} for a, r in duty["assignments"]],
            "page": duty["docname"], "url": page_url(app, duty["docname"], duty["anchor"]),
        })
    return out


def _lifecycle_fields(app: Sphinx, idx: Query, pol: PolicyRecord) -> dict[str, object]:
    """The life-cycle fields of a policy and its status on the build's day."""
    status = lifecycle.status_for(idx, pol, app.config)
    return {
        "review_by": pol.get("review_by", ""), "owner": pol.get("owner", ""),
        "replaces": pol.get("replaces", ""), "replaced_by": pol.get("replaced_by", ""),
        "state": status.state, "state_label": status.label,
        "state_since": status.since.isoformat() if status.since else "",
        "missing": lifecycle.missing_labels(status),
    }


def csv_cell(value: object) -> str:
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "ja" if value else "nej"
    elif isinstance(value, list):
        text = ", ".join(
            f"{v['actor']}:{v['role']}" if isinstance(v, dict) else str(v) for v in value)
    elif isinstance(value, dict):
        text = ", ".join(f"{k} {v}" for k, v in value.items())
    else:
        text = str(value)
    return formula_safe(text)


def write_csv(path: Path, name: str, records: list[dict[str, object]]) -> None:
    columns = CSV_COLUMNS[name]
    # utf-8-sig writes the BOM Excel needs to read UTF-8; the excel dialect ends rows with CRLF.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, dialect="excel", delimiter=";")
        writer.writerow(columns.values())
        for rec in records:
            writer.writerow(csv_cell(rec.get(field)) for field in columns)


def _inputs(app: Sphinx, folder: Path) -> dict[str, object] | None:
    """What the files are made from besides the records' contents: the records' token (which
    changes with any record), the builder and folder, the build day, every setting, the
    schema and the code; None when a setting cannot be written down."""
    config = settings_digest(app.config)
    if config is None:
        return None

    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    # The code that makes them: a change to it writes them again.
    code = "".join(Path(__file__).with_name(name).read_text(encoding="utf-8")
                   for name in ("export.py", "model.py", "lifecycle.py", "util.py"))
    return {"records": records_token(app.env), "builder": app.builder.name,
            "folder": str(folder), "day": lifecycle.build_day(app.config).isoformat(),
            "config": config, "schema": digest(schema_text()), "code": digest(code),
            "version": EXPORT_VERSION}


def write_exports(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not app.builder.format:
        return
    folder = Path(app.outdir) / EXPORT_DIR
    names = ["handbok.json", SCHEMA_FILE, *(f"{n}.{ext}" for n in LISTS for ext in ("json", "csv"))]
    known = read_kept(app.doctreedir, STAMP_FILE)
    known = known if isinstance(known, dict) else {}
    inputs = _inputs(app, folder)
    complete = all((folder / name).is_file() for name in names)
    # Nothing they are made from changed since they were written, and they are all there
    # (issue 30: collecting every record cost a fortieth of an incremental build).
    if inputs is not None and known.get("inputs") == inputs and complete:
        return
    records = collect(app)
    head = {"version": EXPORT_VERSION, "title": app.config.project, "schema": SCHEMA_FILE}
    # Writing the files (indented JSON, which Python encodes without its C encoder) costs
    # about as much as the rest of an incremental build at 1,000 cases (issue 30). When
    # nothing in them changed and they are all there, they are left as they are.
    digest = hashlib.sha256(json.dumps(
        [str(folder), app.builder.name, head, records, schema_text()], ensure_ascii=False,
        default=str).encode("utf-8")).hexdigest()

    def keep() -> None:
        keep_for_next_build(app.doctreedir, STAMP_FILE, {"inputs": inputs, "digest": digest})

    if known.get("digest") == digest and complete:
        keep()
        return

    def dump(path: Path, payload: dict[str, object]) -> None:
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")

    folder.mkdir(parents=True, exist_ok=True)
    dump(folder / "handbok.json", {**head, **records})
    for name in LISTS:
        dump(folder / f"{name}.json", {**head, name: records[name]})
        write_csv(folder / f"{name}.csv", name, records[name])
    (folder / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    keep()
    logger.info(f"handbok: öppna data skrivna till {EXPORT_DIR}/")


# --- directives ---------------------------------------------------------------------------------


class ExportLinksDirective(SphinxDirective):
    """``{export-links}``: links to the exported files."""

    option_spec = {"page": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        return [pending_view("export-links", self.env,
                             page=(self.options.get("page") or "").strip())]


def resolve_export_links(app: Sphinx, node: nodes.Element, fromdocname: str) -> list[nodes.Node]:
    html = app.builder.format == "html"
    base = app.builder.get_target_uri(fromdocname) if html else ""

    def ref(filename: str) -> nodes.Node:
        target = f"{EXPORT_DIR}/{filename}"
        if not html:
            return nodes.literal(target, target)
        return nodes.reference(filename, filename, refuri=relative_uri(base, target),
                               internal=False)

    items = nodes.bullet_list(classes=["handbok-export-links"])
    for name in ("cases", "activities", "methods", "goals", "actors", "duties", "policies"):
        para = nodes.paragraph()
        para += nodes.Text(f"{LIST_LABELS[name]}: ")
        para += ref(f"{name}.csv")
        para += nodes.Text(" (Excel) och ")
        para += ref(f"{name}.json")
        items += nodes.list_item("", para)
    para = nodes.paragraph()
    para += nodes.Text("Allt i en fil: ")
    para += ref("handbok.json")
    para += nodes.Text(". Schema som beskriver filerna: ")
    para += ref(SCHEMA_FILE)
    items += nodes.list_item("", para)
    out: list[nodes.Node] = [items]
    page = node.get("page")
    if page and page in app.env.found_docs:
        para = nodes.paragraph()
        para += nodes.Text("Om filerna och fälten: ")
        para += link(app, fromdocname, page, "", "Öppna data")
        out.append(para)
    return out


class ExportFieldsDirective(SphinxDirective):
    """``{export-fields}``: one table per list with JSON field, CSV column and meaning."""

    def run(self) -> list[nodes.Node]:
        schema = json.loads(schema_text())
        defs = schema["$defs"]
        kinds = {"cases": "case", "activities": "activity", "methods": "target",
                 "goals": "target", "actors": "actor", "duties": "duty", "policies": "policy"}
        out: list[nodes.Node] = []
        for name in ("cases", "activities", "methods", "goals", "actors", "duties",
                     "policies"):
            props = defs[kinds[name]]["properties"]
            required = set(defs[kinds[name]].get("required", []))
            columns = CSV_COLUMNS[name]
            table = nodes.table(classes=["handbok-export-fields"], ids=[f"falt-{name}"])
            caption = f"{LIST_LABELS[name]}: {name}.json och {name}.csv"
            table += nodes.title(caption, caption)
            tgroup = nodes.tgroup(cols=3)
            table += tgroup
            for width in (20, 20, 60):
                tgroup += nodes.colspec(colwidth=width)
            thead = nodes.thead()
            tgroup += thead
            head = nodes.row()
            thead += head
            for label in ("Fält i JSON", "Kolumn i CSV", "Betydelse"):
                head += nodes.entry("", nodes.paragraph(label, label))
            tbody = nodes.tbody()
            tgroup += tbody
            for field, spec in props.items():
                if "$ref" in spec and "description" not in spec:
                    spec = {**defs[spec["$ref"].rsplit("/", 1)[1]], **spec}
                desc = spec.get("description", "")
                if field in required:
                    desc += " Finns alltid."
                row = nodes.row()
                row += nodes.entry("", nodes.paragraph("", "", nodes.literal(field, field)))
                col = columns.get(field, "–")
                row += nodes.entry("", nodes.paragraph(col, col))
                row += nodes.entry("", nodes.paragraph(desc, desc))
                tbody += row
            out.append(table)
        return out


def setup_export(app: Sphinx) -> None:
    app.add_directive("export-links", ExportLinksDirective)
    app.add_directive("export-fields", ExportFieldsDirective)
    register_view("export-links", resolve_export_links)
    app.connect("build-finished", write_exports)
