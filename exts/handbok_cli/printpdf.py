"""Print PDFs from the HTML build with Chromium: the reader's book, the editors' book and the
training handouts (``make pdf``, ``make handouts``).

Why Chromium and not LaTeX: Debian's TeX Live (2022) cannot tag a PDF (LaTeX's tagging with
``\\DocumentMetadata`` needs a far newer TeX Live), while Chromium writes tagged PDFs with the
document language, the title, headings, lists and tables as structure and an outline. The pages
are the HTML build's own pages, so the print shows what the web shows: the diagrams are the
same SVG pictures with their lines, there is no running head with "Släpp" and no LaTeX
"Fig."/"Listning".

The pages are read from the HTML build (``file://``; every request to anything else is
refused), their articles put into one document with print CSS (``print.css`` here) and printed
with ``page.pdf(tagged=True, outline=True)``. Before printing, every table is measured against
the printed page's width; the widths go into ``<pdf>.tryck.json`` next to the PDF (the tests
read it).

    python -m handbok_cli.printpdf book --html _build/html --out _build/pdf
    python -m handbok_cli.printpdf handouts --html _build/html --trainer _build/trainer \\
        --out _build/html/utskrift [--moduler 1,3 | --paket arbetsplatstraff]
"""

from __future__ import annotations

import argparse
import datetime
import html
import json
import posixpath
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from handbok.text import swedish_date
from handbok.util import HANDOUT_DIR, READY_PACKS, ReadyPack, handout_file

from .browser import launch
from .flags import english_aliases, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

#: The subcommands' earlier English names, still accepted.
ENGLISH_COMMANDS = {"book": "bok", "handouts": "utbildning"}

CSS = Path(__file__).with_name("print.css")
TITLE = "Handbok för internationellt arbete"
#: Pages for the people who write the handbook, not for its readers: the editors' PDF.
EDITOR_PAGES = ("docs/bidra", "docs/referens", "docs/lasbarhet", "docs/prestanda",
                "docs/oversyn", "docs/sokning",
                # What the build guarantees against untrusted text, and how it is tested; how
                # IT publishes the site; the list of the site's changes since its start (the
                # reader's book is a dated edition).
                "docs/sakerhet", "docs/publicera", "docs/nytt")
#: Sections of readers' pages that are for editors: left out of the book (ids of the HTML).
EDITOR_SECTIONS = {"docs/oppna-data": ("schemat",)}
MODULE_INDEX = "docs/utbildning/index"
#: A4 with 18 mm margins left and right: the width a table may use, in CSS pixels.
MARGIN_MM = 18
CONTENT_PX = (210 - 2 * MARGIN_MM) / 25.4 * 96

# The article of a page, ready to be put into one print document: ids prefixed (several pages
# use the same ids), links and pictures made absolute (resolved again when the pages are
# joined), navigation removed.
EXTRACT_JS = """([prefix, drop]) => {
  const art = document.querySelector('article.bd-article').cloneNode(true);
  // No soft hyphen goes to paper (the phone's hyphenation script puts them in at this
  // window's width; an editor may paste one): the PDF's words stay whole for search and copy.
  const texts = document.createTreeWalker(art, NodeFilter.SHOW_TEXT);
  for (let n = texts.nextNode(); n; n = texts.nextNode()) {
    if (n.data.includes('\u00ad')) n.data = n.data.replace(/\u00ad/g, '');
  }
  drop.forEach(id => {
    const sec = art.querySelector('section[id="' + id + '"]');
    if (sec) sec.outerHTML = '<p>Det här avsnittet finns på webbplatsen.</p>';
  });
  art.querySelectorAll('img[loading]').forEach(i => i.removeAttribute('loading'));
  // A form works on the screen only: the page's text says what to report, the web has the form.
  art.querySelectorAll('.handbok-report-form-wrapper').forEach(f => {
    f.outerHTML = '<p>Formuläret finns på webbplatsen, på sidan Rapportera en aktivitet.</p>';
  });
  // A handout link stands in a sentence or list item of its own: it goes with it.
  art.querySelectorAll('.handbok-handout-link').forEach(a => (a.closest('p, li') || a).remove());
  art.querySelectorAll('ul, ol').forEach(l => { if (!l.children.length) l.remove(); });
  // The version history (commit messages, for editors) stays on the web.
  art.querySelectorAll('a.headerlink, .toctree-wrapper, script, .handbok-history')
    .forEach(e => e.remove());
  // A role page's list of its own sections is for scrolling; on paper they follow at once.
  art.querySelectorAll('.handbok-role-contents, .handbok-role-contents-title')
    .forEach(e => e.remove());
  // A section left with its heading only (its list of pages was navigation) goes too.
  [...art.querySelectorAll('section')].reverse().forEach(sec => {
    if (![...sec.children].some(c => !/^H[1-6]$/.test(c.tagName))) sec.remove();
  });
  art.querySelectorAll('[id]').forEach(e => { e.id = prefix + e.id; });
  art.querySelectorAll('a[href]').forEach(a => {
    if (a.href.startsWith('file:')) { a.setAttribute('data-href', a.href); }
  });
  art.querySelectorAll('img[src]').forEach(i => { i.setAttribute('src', i.src); });
  art.querySelectorAll('object[data]').forEach(o => { o.setAttribute('data', o.data); });
  art.querySelectorAll('label[for]').forEach(l => { l.htmlFor = prefix + l.htmlFor; });
  const links = [...document.querySelectorAll('article.bd-article a[href]')]
    .map(a => a.href.split('#')[0]).filter(h => h.startsWith('file:'));
  return {html: art.innerHTML, links: links};
}"""

# Links between pages of the document become links inside the PDF; every other link to a
# local file is dropped (it would name a path of the machine that printed it).
RESOLVE_JS = """(pages) => {
  document.querySelectorAll('a[data-href]').forEach(a => {
    const [page, hash] = a.getAttribute('data-href').split('#');
    a.removeAttribute('data-href');
    if (page in pages) {
      a.setAttribute('href', '#' + pages[page] + (hash ? decodeURIComponent(hash) : 'top'));
    } else {
      a.removeAttribute('href');
    }
  });
}"""

# Headings one level down per level in the table of contents (the outline follows them).
SHIFT_JS = """() => {
  document.querySelectorAll('[data-shift]').forEach(sec => {
    const shift = Number(sec.dataset.shift);
    sec.querySelectorAll('h1, h2, h3, h4, h5, h6').forEach(h => {
      const level = Math.min(6, Number(h.tagName[1]) + shift);
      const n = document.createElement('h' + level);
      for (const at of h.attributes) n.setAttribute(at.name, at.value);
      n.append(...h.childNodes);
      h.replaceWith(n);
    });
  });
}"""

# Running numbers for tables and figures: "Tabell 3: ...", "Figur 2: ...".
NUMBER_JS = """() => {
  let t = 0, f = 0;
  document.querySelectorAll('table > caption').forEach(c => {
    c.insertAdjacentText('afterbegin', 'Tabell ' + (++t) + ': ');
  });
  document.querySelectorAll('figure > figcaption, div.figure > p.caption').forEach(c => {
    const target = c.querySelector('.caption-text') || c;
    target.insertAdjacentText('afterbegin', 'Figur ' + (++f) + ': ');
  });
}"""

# A table wider than the page: its column headers turned upright (read from below), then, if
# still too wide, a smaller type. The caption and the cells stay as they are. A table longer
# than half a page may break between its rows where it stands (the theme keeps every table
# whole, which moves a long one to the next page and leaves a gap).
FIT_JS = """(width) => {
  document.querySelectorAll('table').forEach(t => {
    const wide = () => Math.max(t.getBoundingClientRect().width, t.scrollWidth) > width + 1;
    if (wide()) t.classList.add('handbok-upright-headers');
    if (wide()) t.classList.add('handbok-small-table');
    if (t.getBoundingClientRect().height > 0.5 * PAGE_PX) t.classList.add('handbok-long-table');
  });
}""".replace("PAGE_PX", str(round((297 - 34) / 25.4 * 96)))

# Every table's width (and what it needs) against the printed page's width.
MEASURE_JS = """() => [...document.querySelectorAll('table')].map(t => ({
  caption: (t.caption ? t.caption.textContent : '').trim().slice(0, 80),
  width: t.getBoundingClientRect().width, needed: t.scrollWidth,
  page: t.closest('[data-page]') ? t.closest('[data-page]').dataset.page : ''
}))"""

# Every diagram picture that is printed: its file and its printed width in CSS pixels.
DIAGRAMS_JS = """() => [...document.querySelectorAll(
    '.handbok-diagram img, .handbok-diagram-print img')]
  .filter(i => i.getBoundingClientRect().width > 0)
  .map(i => ({src: i.currentSrc || i.src, width: i.getBoundingClientRect().width,
              page: i.closest('[data-page]') ? i.closest('[data-page]').dataset.page : ''}))"""
#: The smallest text a printed diagram may have, in points; the print report lists a smaller.
MIN_DIAGRAM_PT = 8.0


def _points(value: str) -> float:
    """An SVG length in points ("536pt", "10.00"); 0 for none or another unit."""
    number = value.removesuffix("pt")
    try:
        return float(number)
    except ValueError:
        return 0.0


def diagram_text_sizes(page: Page) -> list[dict[str, Any]]:
    """The printed size (points) of the smallest text of every printed diagram: the SVG's
    smallest font size times the scale it is printed at (its printed width against its own
    width; 1 CSS pixel is 3/4 point on paper)."""
    from urllib.parse import unquote, urlsplit
    from xml.etree import ElementTree

    sizes = []
    for pic in page.evaluate(DIAGRAMS_JS):
        url = urlsplit(pic["src"])
        path = Path(unquote(url.path))
        if url.scheme != "file" or path.suffix != ".svg" or not path.is_file():
            continue
        try:  # Graphviz's SVG, read as the XML it is
            svg = ElementTree.parse(path).getroot()
        except ElementTree.ParseError:
            continue
        width = _points(svg.get("width", ""))
        fonts = [size for el in svg.iter() if (size := _points(el.get("font-size", "")))]
        if not width or not fonts:
            continue
        scale = pic["width"] * 0.75 / width
        sizes.append({"svg": path.name, "page": pic["page"],
                      "min_text_pt": round(min(fonts) * scale, 2)})
    return sizes


# Self-check questions (sphinx-design dropdowns "Fråga N: ..."). Participants: the question
# stays, its answer moves to an answer sheet after the module, on a page of its own.
# Facilitators: the answer stands open under the question, marked "Svar".
QUESTIONS_JS = """([facilitator, module, note]) => {
  const answers = [];
  document.querySelectorAll('section[data-module="' + module + '"] details.sd-dropdown')
    .forEach(d => {
      const q = d.querySelector('.sd-summary-text').textContent.trim();
      if (!q.startsWith('Fråga')) return;
      const body = d.querySelector('.sd-summary-content');
      const box = document.createElement('div');
      box.className = 'handbok-question';
      const p = document.createElement('p');
      p.className = 'handbok-question-text';
      p.textContent = q;
      box.append(p);
      const label = q.split(':')[0].replace('Fråga', 'Svar på fråga');
      if (facilitator) {
        const a = document.createElement('div');
        a.className = 'handbok-answer';
        a.innerHTML = '<p class="handbok-answer-label">Svar</p>' + body.innerHTML;
        box.append(a);
      } else {
        box.insertAdjacentHTML('beforeend', '<div class="handbok-write-lines"></div>');
        answers.push('<div class="handbok-answer"><h3>' + label + '</h3>' + body.innerHTML
          + '</div>');
      }
      d.replaceWith(box);
    });
  document.querySelectorAll('section[data-module="' + module + '"] p').forEach(p => {
    if (p.textContent.trim().startsWith('Öppna frågan för att se svaret')) {
      if (facilitator) p.remove();
      else p.textContent = note;
    }
  });
  return answers;
}"""


def page_url(root: Path, docname: str) -> str:
    return (root / f"{docname}.html").resolve().as_uri()


def open_browser(playwright: Playwright) -> tuple[Browser, Page]:
    browser = launch(playwright)  # offline: see handbok_cli.browser
    # bypass_csp: the pages carry the site's Content-Security-Policy (no inline style), and the
    # print style sheet below is our own, added as an inline style.
    page: Page = browser.new_page(viewport={"width": round(CONTENT_PX), "height": 1000},
                                  bypass_csp=True)
    return browser, page


def extract(page: Page, url: str, prefix: str, drop: tuple[str, ...] = ()) -> dict[str, Any]:
    """A page's content as EXTRACT_JS finds it (JSON from the page), with ``prefix``."""
    page.goto(url, wait_until="load")
    return {**page.evaluate(EXTRACT_JS, [prefix, list(drop)]), "prefix": prefix}


def book_pages(page: Page, html_root: Path) -> list[tuple[str, int]]:
    """(url, depth) of the pages in the order of the table of contents, the root left out."""
    page.goto(page_url(html_root, "index"), wait_until="load")
    found: list[tuple[str, int]] = page.evaluate(
        """() => [...document.querySelectorAll('.bd-sidenav a.reference')]
      .filter(a => !a.getAttribute('href').startsWith('#'))
      .map(a => [a.href.split('#')[0],
                 Number(a.closest('li').className.match(/toctree-l(\\d)/)[1])])""")
    return found


def docname_of(url: str, html_root: Path) -> str:
    path = Path(url.removeprefix("file://"))
    return path.relative_to(html_root.resolve()).with_suffix("").as_posix()


def open_document(page: Page, pages: dict[str, str], title: str, body: str, classes: str
                  ) -> None:
    """A blank print document on the site's base page: the title, lang sv, no scripts."""
    page.goto(pages["__base__"], wait_until="load")
    page.evaluate("""([title, body, classes]) => {
      document.title = title;
      document.documentElement.lang = 'sv';
      document.querySelectorAll('script').forEach(s => s.remove());
      document.body.className = classes;
      document.body.innerHTML = '<main>' + body + '</main>';
    }""", [title, body, classes])


def finish_document(page: Page, pages: dict[str, str], out: Path, footer_text: str,
                    shift_headings: bool) -> dict[str, Any]:
    """The print style, links resolved inside the document, numbered captions, tables fitted;
    then print it (see :func:`print_pdf`)."""
    page.add_style_tag(content=CSS.read_text(encoding="utf-8"))
    page.evaluate(RESOLVE_JS, {k: v for k, v in pages.items() if k != "__base__"})
    if shift_headings:
        page.evaluate(SHIFT_JS)
    page.evaluate(NUMBER_JS)
    page.emulate_media(media="print")
    page.wait_for_load_state("load")
    page.evaluate(FIT_JS, CONTENT_PX)
    return print_pdf(page, out, footer_text)


def render(page: Page, sections: list[str], title: str, out: Path, pages: dict[str, str],
           header: str, prefix_html: str = "", modules: int = 0) -> dict[str, Any]:
    """Put the sections into one document, print it tagged to ``out``; return the measures."""
    open_document(page, pages, title, prefix_html + "".join(sections), "handbok-print")
    # Each module's self-check answers after the module, under a heading of their own.
    for i in range(modules):
        answers = page.evaluate(QUESTIONS_JS, [False, str(i), "Svaren står sist i modulen."])
        if answers:
            page.evaluate("""([i, body]) => {
              document.querySelector('section[data-module="' + i + '"]')
                .insertAdjacentHTML('beforeend', '<section class="handbok-module-answers">'
                  + '<h2>Svar på frågorna</h2>' + body + '</section>');
            }""", [str(i), "".join(answers)])
    return finish_document(page, pages, out, header, shift_headings=True)


def print_pdf(page: Page, out: Path, footer_text: str) -> dict[str, Any]:
    """Measure the tables, print the page to ``out`` (tagged, with an outline) and write the
    print report ``<name>.tryck.json`` beside it."""
    measures = page.evaluate(MEASURE_JS)
    out.parent.mkdir(parents=True, exist_ok=True)
    footer = ('<div style="font-size:8pt;width:100%;margin:0 18mm;display:flex;'
              'justify-content:space-between;font-family:sans-serif">'
              f'<span>{html.escape(footer_text)}</span>'
              '<span>Sida <span class="pageNumber"></span> av '
              '<span class="totalPages"></span></span></div>')
    page.pdf(path=str(out), format="A4", print_background=True, tagged=True, outline=True,
             display_header_footer=True, header_template="<span></span>",
             footer_template=footer,
             margin={"top": "16mm", "bottom": "18mm", "left": f"{MARGIN_MM}mm",
                     "right": f"{MARGIN_MM}mm"})
    diagrams = diagram_text_sizes(page)
    report = {"pdf": out.name, "content_width": CONTENT_PX, "tables": measures,
              "too_wide": [m for m in measures if max(m["width"], m["needed"]) > CONTENT_PX + 1],
              "diagrams": diagrams,
              "small_text": [d for d in diagrams if d["min_text_pt"] < MIN_DIAGRAM_PT]}
    out.with_suffix(".tryck.json").write_text(json.dumps(report, ensure_ascii=False, indent=1),
                                              encoding="utf-8")
    return report


def title_page(title: str, subtitle: str, version: str) -> str:
    date = swedish_date(datetime.date.today())
    return (f'<section class="handbok-title-page"><p class="handbok-title">{html.escape(title)}'
            f'</p><p class="handbok-subtitle">{html.escape(subtitle)}</p>'
            f'<p class="handbok-edition">Utgåva {html.escape(version)}, {date}</p></section>')


def site_version(html_root: Path) -> str:
    options = html_root / "_static" / "documentation_options.js"
    text = options.read_text(encoding="utf-8") if options.is_file() else ""
    for line in text.splitlines():
        if "VERSION:" in line:
            return line.split("'")[1] if "'" in line else line.split('"')[1]
    return ""


def print_book(html_root: Path, out_dir: Path) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    reports = []
    with sync_playwright() as p:
        browser, page = open_browser(p)
        toc = book_pages(page, html_root)
        chapters: list[tuple[str, int, dict[str, Any]]] = []
        seen = {url for url, _depth in toc}
        for n, (url, depth) in enumerate(toc):
            drop = EDITOR_SECTIONS.get(docname_of(url, html_root), ())
            chapters.append((url, depth, extract(page, url, f"p{n}-", drop)))
        # Case pages are in no table of contents: each follows its type's page.
        ordered: list[tuple[str, int, dict[str, Any]]] = []
        count = len(chapters)
        for url, depth, content in chapters:
            ordered.append((url, depth, content))
            name = docname_of(url, html_root)
            if is_case_type(name):
                folder = name.removesuffix("index")
                for link in dict.fromkeys(content["links"]):
                    if link not in seen and docname_of(link, html_root).startswith(folder):
                        seen.add(link)
                        ordered.append((link, depth + 1, extract(page, link, f"p{count}-")))
                        count += 1
        version = site_version(html_root)
        editions: dict[str, tuple[str, str, Callable[[str], bool]]] = {
            "handbok-internationellt-arbete.pdf": (
                TITLE, "Styrdokument, ansvar, exempel, utbildning och uppföljning",
                lambda name: name not in EDITOR_PAGES),
            "handbok-redaktion.pdf": (
                f"{TITLE}: för redaktionen", "Hur handboken skrivs, byggs och mäts",
                lambda name: name in EDITOR_PAGES),
        }
        for filename, (title, subtitle, wanted) in editions.items():
            reader = filename == "handbok-internationellt-arbete.pdf"
            pages: dict[str, str] = {"__base__": page_url(html_root, "index")}
            sections: list[str] = []
            module_titles: list[str] = []
            contents: list[tuple[str, int, str]] = []
            for url, depth, content in ordered:
                name = docname_of(url, html_root)
                if not wanted(name):
                    continue
                # The reader's book leaves out the follow-up years with nothing carried out
                # (each would be a page saying so); the site and the Excel files have them.
                if reader and empty_followup_year(name, content["html"]):
                    continue
                if depth <= 2 and not is_case(name):
                    contents.append((content["prefix"], depth, heading_text(content["html"])))
                prefix = content["prefix"]
                pages[url] = prefix
                shift = 0 if filename.startswith("handbok-redaktion") else depth - 1
                cls = "handbok-print-page" + (" handbok-case" if is_case(name) else "")
                module = ""
                if posixpath.dirname(name) == posixpath.dirname(MODULE_INDEX) and \
                        name != MODULE_INDEX:
                    module = f' data-module="{len(module_titles)}"'
                    module_titles.append(name)
                sections.append(f'<section class="{cls}" id="{prefix}top" data-page="{name}" '
                                f'data-depth="{depth}" data-shift="{shift}"{module}>'
                                f'{content["html"]}</section>')
            front = title_page(title, subtitle, version) + contents_page(contents)
            report = render(page, sections, title, out_dir / filename, pages, title, front,
                            len(module_titles))
            reports.append(number_contents(page, out_dir / filename, title, report))
        browser.close()
    return reports


def empty_followup_year(name: str, body: str) -> bool:
    """A generated follow-up page of a year (or a municipality's year) without carried-out
    activities."""
    from bs4 import BeautifulSoup

    year = name.split("/")[-1]
    if not (name.startswith("docs/uppfoljning/") and len(year) == 4 and year.isdigit()):
        return False
    totals = BeautifulSoup(body, "html.parser").select(".handbok-followup-total")
    return any(total.get_text(strip=True) == "0" for total in totals)


def heading_text(body: str) -> str:
    """The text of a page's first heading (without its permalink sign)."""
    from bs4 import BeautifulSoup

    heading = BeautifulSoup(body, "html.parser").find("h1")
    if heading is None:
        return ""
    for link in heading.select("a.headerlink"):
        link.decompose()
    return " ".join(heading.get_text().split())


def contents_page(entries: list[tuple[str, int, str]]) -> str:
    """A contents page: the chapters and their sections, each a link inside the PDF."""
    if not entries:
        return ""
    # Each entry's page number is filled in once the book is printed (number_contents); its
    # place is kept from the start, so the numbers change no line of the contents.
    items = "".join(f'<li class="handbok-contents-{depth}"><a href="#{prefix}top">'
                    f'{html.escape(text)}</a><span class="handbok-contents-page"></span></li>'
                    for prefix, depth, text in entries if text)
    return (f'<section class="handbok-contents" aria-labelledby="handbok-contents-title">'
            f'<h1 id="handbok-contents-title">Innehåll</h1><ul>{items}</ul></section>')


# Each contents entry's page number (the page of the section it links to), from the printed
# PDF; true when a number changed, so the book is printed again.
NUMBER_CONTENTS_JS = """(numbers) => {
  let changed = false;
  document.querySelectorAll('.handbok-contents li').forEach(li => {
    const target = li.querySelector('a').getAttribute('href').slice(1);
    const span = li.querySelector('.handbok-contents-page');
    const number = target in numbers ? String(numbers[target]) : '';
    if (span.textContent !== number) { span.textContent = number; changed = true; }
  });
  return changed;
}"""


def destination_pages(pdf: Path) -> dict[str, int]:
    """The PDF's named destinations (Chromium writes one for every link target inside the
    document) and the 1-based number of the page each is on."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(str(pdf)) as doc:
        numbers = {sheet.page_obj.pageid: n for n, sheet in enumerate(doc.pages, start=1)}
        dests = resolve1(doc.doc.catalog.get("Dests")) or {}
        found = {}
        for name, dest in dests.items():
            dest = resolve1(dest)
            if isinstance(dest, dict):
                dest = resolve1(dest.get("D"))
            if isinstance(dest, list) and dest and getattr(dest[0], "objid", None) in numbers:
                key = name.decode("utf-8") if isinstance(name, bytes) else str(name)
                found[key] = numbers[dest[0].objid]
        return found


def number_contents(page: Page, out: Path, footer_text: str, report: dict[str, Any]
                    ) -> dict[str, Any]:
    """Put each contents entry's page number on the contents page and print again, until the
    numbers are those of the printed book (the place for them is kept, so once is enough)."""
    for _attempt in range(3):
        if not page.evaluate(NUMBER_CONTENTS_JS, destination_pages(out)):
            break
        report = print_pdf(page, out, footer_text)
    return report


def is_case_type(name: str) -> bool:
    """A case type's page (casebook/<type>/index), which lists that type's cases."""
    parts = name.split("/")
    return parts[0] == "casebook" and len(parts) == 3 and parts[2] == "index"


def is_case(name: str) -> bool:
    parts = name.split("/")
    return parts[0] == "casebook" and len(parts) == 3 and parts[2] != "index"


def modules(page: Page, html_root: Path) -> list[str]:
    """The training modules' docnames, in the order of the training index's contents."""
    page.goto(page_url(html_root, MODULE_INDEX), wait_until="load")
    urls = page.evaluate("""() => [...document.querySelectorAll(
      'article .toctree-wrapper a.reference.internal')].map(a => a.href.split('#')[0])""")
    return [docname_of(url, html_root) for url in dict.fromkeys(urls)]


def print_handouts(html_root: Path, trainer_root: Path, out_dir: Path,
                   packs: list[ReadyPack] | None) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    reports = []
    with sync_playwright() as p:
        browser, page = open_browser(p)
        names = modules(page, html_root)
        if packs is None:
            packs = [ReadyPack(Path(name).name, (n,)) for n, name in enumerate(names, start=1)]
            packs += [pack for pack in READY_PACKS if max(pack.modules) <= len(names)]
        for pack in packs:
            bad = [n for n in pack.modules if not 1 <= n <= len(names)]
            if bad:
                sys.exit(f"Det finns ingen modul {bad[0]}. Modulerna har nummer 1 till "
                         f"{len(names)}, till exempel MODULER=1,3.")
            chosen = [names[n - 1] for n in pack.modules]
            base = pack.name or Path(chosen[0]).name
            for edition, root in (("deltagare", html_root), ("handledare", trainer_root)):
                facilitator = edition == "handledare"
                contents, titles, pages = [], [], {"__base__": page_url(root, MODULE_INDEX)}
                for i, docname in enumerate(chosen):
                    url = page_url(root, docname)
                    content = extract(page, url, f"m{i}-")
                    pages[url] = f"m{i}-"
                    contents.append(content)
                    titles.append(page.title().split(" — ")[0].split(" | ")[0].strip())
                label = ("Handledarens upplaga: med anteckningar och svar" if facilitator
                         else "Deltagarens material")
                title = f"{' och '.join(titles)} – {label}"
                if pack.title:
                    title = f"{pack.title}: {title}"
                banner = (f'<p class="handbok-edition-banner">{TITLE} · '
                          f'{html.escape(pack.title + " · " if pack.title else "")}{label}</p>')
                sections = [f'<section class="handbok-module" id="m{i}-top" data-module="{i}" '
                            f'data-page="{docname}" data-shift="0">{c["html"]}</section>'
                            for i, (docname, c) in enumerate(zip(chosen, contents, strict=True))]
                out = out_dir / handout_file(base, edition)
                report = render_handout(page, sections, title, out, pages, facilitator, titles,
                                        banner, pack.plan)
                reports.append(report)
        browser.close()
    return reports


def render_handout(page: Page, sections: list[str], title: str, out: Path,
                   pages: dict[str, str], facilitator: bool, titles: list[str], banner: str,
                   plan: str = "") -> dict[str, Any]:
    """Like render(), with the questions handled and the answer sheet after the modules."""
    open_document(page, pages, title, banner + "".join(sections), "handbok-print handbok-handout")
    sheet = []
    for i, module_title in enumerate(titles):
        answers = page.evaluate(QUESTIONS_JS, [facilitator, str(i),
                                    "Svaren står sist, på en egen sida."])
        if answers:
            sheet.append(f"<h2>Svar: {html.escape(module_title)}</h2>" + "".join(answers))
    if sheet:
        page.evaluate("""(body) => {
          const s = document.createElement('section');
          s.className = 'handbok-answer-sheet';
          s.innerHTML = body;
          document.querySelector('main').append(s);
        }""", "".join(sheet))
    if facilitator:
        page.evaluate(TIMEPLAN_FIRST_JS, plan)
    report = finish_document(page, pages, out, " och ".join(titles), shift_headings=False)
    if sheet and _first_page_with(out, f"Svar: {titles[0]}") % 2 == 0:
        # Printed on both sides, the answers would be on the back of the questions: an empty
        # page (saying so) first, so the answer sheet starts on a new sheet of paper.
        page.evaluate("""(text) => {
          const blank = document.createElement('div');
          blank.className = 'handbok-blank-page';
          blank.innerHTML = '<p>' + text + '</p>';
          document.querySelector('.handbok-answer-sheet').before(blank);
        }""", BLANK_PAGE_TEXT)
        report = print_pdf(page, out, " och ".join(titles))
    return report


#: The facilitator's edition starts each module with its plan ("upplägg och tidsplan"): the
#: facilitator note whose title names the time plan moves up under the module's heading. A
#: ready pack's own plan (its words, e.g. "45 minuter", in the note's title) is the one that
#: moves up, and the module's other time plans are left out: they are for other sessions.
TIMEPLAN_FIRST_JS = """(words) => {
  const title = note => (note.querySelector('.admonition-title') || note).textContent;
  document.querySelectorAll('section.handbok-module').forEach(module => {
    const plans = [...module.querySelectorAll('.handbok-facilitator-note')]
      .filter(note => /tidsplan/i.test(title(note)));
    const plan = words ? plans.find(note => title(note).includes(words)) : plans[0];
    const heading = module.querySelector('h1');
    if (!plan || !heading) return;
    if (words) plans.filter(note => note !== plan).forEach(note => note.remove());
    plan.classList.add('handbok-timeplan-first');
    heading.after(plan);
  });
}"""
BLANK_PAGE_TEXT = "Sidan är tom med avsikt. Svaren börjar på nästa sida, på ett nytt blad."


def _first_page_with(pdf: Path, text: str) -> int:
    """The 1-based number of the first page of ``pdf`` whose text has ``text``, else 0."""
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        for number, sheet in enumerate(doc.pages, start=1):
            if text in " ".join((sheet.extract_text() or "").split()):
                return number
    return 0


def parse_packs(value: str) -> list[ReadyPack]:
    try:
        numbers = tuple(int(n) for n in value.replace(" ", "").split(",") if n)
    except ValueError:
        sys.exit(f"MODULER ska vara modulernas nummer med komma emellan, till exempel "
                 f"MODULER=1,3. Du skrev {value!r}.")
    # One module keeps its own name (filled in once the modules are known).
    name = f"paket-{'-'.join(map(str, numbers))}" if len(numbers) > 1 else ""
    return [ReadyPack(name, numbers)]


def ready_pack(name: str) -> list[ReadyPack]:
    """The ready pack called ``name`` (``--paket``, ``make handouts PAKET=...``)."""
    for pack in READY_PACKS:
        if pack.name == name.strip():
            return [pack]
    known = ", ".join(pack.name for pack in READY_PACKS)
    sys.exit(f"Det finns inget färdigt paket som heter {name!r}. Paketen är: {known}.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbok utskrift",
                                     description="Skriv ut handboken som PDF med Chromium.")
    sub = parser.add_subparsers(dest="what", required=True)
    book = sub.add_parser("bok", help="läsarnas bok och redaktionens bok")
    book.add_argument("--html", type=Path, required=True, help="mappen med HTML-bygget")
    book.add_argument("--ut", type=Path, help="mappen för PDF-filerna")
    hand = sub.add_parser("utbildning", help="deltagarnas och handledarens PDF per modul")
    hand.add_argument("--html", type=Path, required=True, help="mappen med HTML-bygget")
    hand.add_argument("--handledare", type=Path,
                      help="mappen med handledarnas bygge (make trainer)")
    hand.add_argument("--ut", type=Path, help="mappen för PDF-filerna")
    hand.add_argument("--moduler", default="", help="moduler i ett paket, t.ex. 1,3")
    hand.add_argument("--paket", default="",
                      help="ett färdigt paket, t.ex. arbetsplatstraff (45 minuter)")
    english_aliases(book, {"--out": "ut"})
    english_aliases(hand, {"--out": "ut", "--trainer": "handledare"})
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ENGLISH_COMMANDS:
        argv[0] = ENGLISH_COMMANDS[argv[0]]
    args = parser.parse_args(argv)
    require(book if args.what == "bok" else hand, args,
            "--ut", *(() if args.what == "bok" else ("--handledare",)))
    if args.what == "bok":
        reports = print_book(args.html, args.ut)
    else:
        packs = (ready_pack(args.paket) if args.paket.strip()
                 else parse_packs(args.moduler) if args.moduler.strip() else None)
        reports = print_handouts(args.html, args.handledare, args.ut, packs)
    for report in reports:
        print(f"{args.ut / report['pdf']}: {len(report['tables'])} tabeller, "
              f"{len(report['too_wide'])} för breda")
        for table in report["too_wide"]:
            print(f"  för bred: {table['caption']!r} på {table['page']} "
                  f"({table['needed']:.0f} av {CONTENT_PX:.0f} px)")
        for diagram in report.get("small_text", []):
            print(f"  för liten text i ett diagram på {diagram['page']}: "
                  f"{diagram['min_text_pt']:.1f} punkter (minst {MIN_DIAGRAM_PT:.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

__all__ = ["HANDOUT_DIR", "main"]
