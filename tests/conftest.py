"""Shared fixtures: Sphinx's own test fixtures, test roots, and the real site built once.

The real site is built twice per test run, by the README's own make targets, in a copy of
the checkout (with its git history), so that no test writes into the checkout: ``site_html``
(``make html``, with no Graphviz on PATH, as on a bare machine) and ``site_trainer``
(``make trainer``). ``site_pdf`` (``make pdf``) and ``site_handouts`` (``make handouts``)
print from a copy of those builds. ``make test`` runs the tests in parallel (pytest-xdist):
the builds are shared by all workers, made by the first that needs them (see ``Once``). A
check at the end of the run fails it if anything in the checkout was written.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from filelock import FileLock
from jinja2.bccache import Bucket, BytecodeCache
from sphinx import theming
from sphinx.builders.html import _assets as html_assets
from sphinx.cmd.build import build_main
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.testing.util import _clean_up_global_state

pytest_plugins = "sphinx.testing.fixtures"
pytest.register_assert_rewrite("siteedits")

# Sphinx colours its messages when FORCE_COLOR is set, as CI runners often do. The tests read
# those messages as plain text ("file:line: WARNING: ..."), so every Sphinx they start, in this
# process or a subprocess, writes without colour.
os.environ.pop("FORCE_COLOR", None)
os.environ["NO_COLOR"] = "1"

REPO = Path(__file__).resolve().parent.parent

#: Folders of the checkout that the tests and tools may write into (caches, the venv).
WRITABLE = {".venv", ".git", ".pytest_cache", ".ruff_cache", "__pycache__", ".hypothesis",
            ".mypy_cache"}


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Test roots live in tests/roots/test-<name>/ (``@pytest.mark.sphinx(testroot=...)``)."""
    return REPO / "tests" / "roots"


# --- a copy of the checkout -------------------------------------------------------------------


def _git(*args: str, cwd: Path = REPO) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                          check=True).stdout


def copy_checkout(dest: Path) -> Path:
    """``dest`` becomes the checkout as it is now: a clone at HEAD with the working tree's
    changes and new files on top, so version history and "uncommitted changes" are real."""
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(dest)],
                   check=True, capture_output=True)
    _git("checkout", "--quiet", "--detach", _git("rev-parse", "HEAD").strip(), cwd=dest)
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    present = {name for name in listed if name and (REPO / name).is_file()}
    for name in present:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    for name in _git("ls-files", "-z", cwd=dest).split("\0"):
        if name and name not in present:
            (dest / name).unlink(missing_ok=True)
    return dest


def sphinx_build(*args: str) -> subprocess.CompletedProcess:
    """``sphinx-build`` run in this process (``sphinx.cmd.build.build_main``, what the
    command calls): its exit status and what it writes to stdout and stderr, as a process.
    A new process per build would mostly spend its time importing Sphinx again.

    Sphinx keeps state per process that a new command would not have, so each build here
    starts and ends as a command would:

    - the checksum of each static file by its path (the ``?v=`` of its link, a
      ``functools.cache``): a file the extension writes again with new content at the same
      path (the search page's ranking tiers) would keep the first build's checksum;
    - the loaded translations (``sphinx.locale.translators``: the site's own Swedish
      catalogue would stay merged into Sphinx's for every later build of this worker, test
      roots included) and docutils' registered directives, roles and node classes (a later
      ``SphinxTestApp`` would warn "already registered"). Sphinx's test app clears them
      after each of its builds (``_clean_up_global_state``); ``build_main`` does not."""
    checksums = getattr(html_assets, "_file_checksum_inner", None)
    if checksums is not None and hasattr(checksums, "cache_clear"):
        checksums.cache_clear()
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = build_main(list(args))
    finally:
        _clean_up_global_state()
    return subprocess.CompletedProcess(["sphinx-build", *args], code, out.getvalue(),
                                       err.getvalue())


class SharedTemplateCode(BytecodeCache):
    """Jinja's compiled templates, shared by the Sphinx builds of this process.

    Each Sphinx application makes a new template environment and compiles every template it
    renders again, a tenth of a small test root's build. The compiled code is kept by the
    template's name and file, the environment's settings that change the compiled code, and
    the checksum of its source: a changed template is compiled again. Only the builds in
    this process (``sphinx_build``, Sphinx's test app) share it; ``make`` and ``sphinx-build``
    in a subprocess compile as they always do."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], object] = {}

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        settings = (sorted(environment.extensions), environment.autoescape,
                    environment.optimized, environment.block_start_string,
                    environment.variable_start_string, environment.comment_start_string,
                    environment.line_statement_prefix, environment.line_comment_prefix,
                    environment.trim_blocks, environment.lstrip_blocks,
                    environment.newline_sequence, environment.keep_trailing_newline)
        bucket = Bucket(environment, repr((name, filename, settings)),
                        self.get_source_checksum(source))
        bucket.code = self.code.get((bucket.key, bucket.checksum))
        return bucket

    def set_bucket(self, bucket: Bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.code


_TEMPLATE_CODE = SharedTemplateCode()
_template_loader_init = BuiltinTemplateLoader.init


def _init_with_shared_code(self, *args, **kwargs) -> None:
    _template_loader_init(self, *args, **kwargs)
    self.environment.bytecode_cache = _TEMPLATE_CODE


BuiltinTemplateLoader.init = _init_with_shared_code


_entry_points = theming.entry_points
_entry_point_lists: dict[tuple[str, tuple[str, ...]], object] = {}


def _installed_entry_points(*, group: str):
    """The installed themes' entry points, looked up once per process and ``sys.path``: each
    Sphinx application scans every installed package's metadata for them again, a fifth of
    starting a small test root's build. Nothing is installed while the tests run."""
    key = (group, tuple(sys.path))
    if key not in _entry_point_lists:
        _entry_point_lists[key] = _entry_points(group=group)
    return _entry_point_lists[key]


theming.entry_points = _installed_entry_points


#: One build day for the whole session (xdist's workers inherit it): the builds ``make`` runs
#: on either side of midnight still agree on "Senast uppdaterad" and the review page's day.
os.environ.setdefault("HANDBOK_TEST_BUILD_EPOCH", str(int(time.time())))


def make(target: str, src: Path, *variables: str, build: Path | None = None,
         path: str | None = None) -> subprocess.CompletedProcess:
    """A make target of ``src`` with this test run's Python (the Makefile's own set-up is
    tested by CI's fresh clone): an install stamp newer than pyproject.toml and the lock file,
    and BIN pointing at the Python running the tests. Without ``build`` the output goes to
    ``src/_build``."""
    for name in ("pyproject.toml", "requirements.lock"):
        if not (src / name).exists():
            shutil.copy(REPO / name, src)
        os.utime(src / name, (0, 0))
    fake = (build or src / "_build") / "venv-stamp"
    fake.mkdir(parents=True, exist_ok=True)
    for stamp in (".site-installed", ".test-installed", ".print-installed"):
        (fake / stamp).write_text("", encoding="utf-8")
    env = {**os.environ, **({"PATH": path} if path else {})}
    env.setdefault("SOURCE_DATE_EPOCH", os.environ["HANDBOK_TEST_BUILD_EPOCH"])
    return subprocess.run(
        [shutil.which("make") or "make", target, f"VENV={fake}",
         f"BIN={Path(sys.executable).parent}", *([f"BUILD={build}"] if build else []),
         *variables],
        cwd=src, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL)


def path_without_graphviz(bindir: Path) -> str:
    """A PATH with the programs ``make html`` calls (make, git) and no Graphviz."""
    bindir.mkdir(parents=True, exist_ok=True)
    for tool in ("make", "git"):
        found = shutil.which(tool)
        assert found, f"{tool} is needed to build the site"
        link = bindir / tool
        if not link.exists():
            link.symlink_to(found)
    path = str(bindir)
    assert shutil.which("dot", path=path) is None
    return path


# --- one build of the real site per run, shared by every pytest-xdist worker -------------------


def shared_dir(tmp_path_factory) -> Path:
    """A folder that every worker of this run sees (``make test`` runs pytest-xdist): the
    parent of the workers' own temporary folders, or this session's folder without xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


class Once:
    """Work done once per run, whichever worker asks first; the others wait and read the
    result. ``run`` returns JSON data; an exception is stored and raised in every worker."""

    def __init__(self, folder: Path, name: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.lock = FileLock(str(folder / f"{name}.lock"))
        self.done = folder / f"{name}.json"

    def __call__(self, run):
        with self.lock:
            if not self.done.exists():
                try:
                    result = {"ok": True, "value": run()}
                except Exception as exc:  # noqa: BLE001 - shown to every worker that asks
                    result = {"ok": False, "value": f"{type(exc).__name__}: {exc}"}
                self.done.write_text(json.dumps(result), encoding="utf-8")
            result = json.loads(self.done.read_text(encoding="utf-8"))
        if not result["ok"]:
            pytest.fail(result["value"], pytrace=False)
        return result["value"]


class SharedSite:
    """The real site's sources and builds for one run.

    ``src`` with ``build`` (``make html``, ``make trainer``) is written once and then only
    read. ``make pdf`` and ``make handouts`` re-run the HTML build (Sphinx rewrites the search
    index and the exports even when nothing changed), so they write into ``print_build``, a
    copy of ``build`` made after both HTML builds, one make at a time. (Sphinx reuses a build
    only for the same source folder, so the print copy reads ``src`` too.)
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.src = folder / "checkout" / "site"
        self.build = folder / "build"
        self.print_build = folder / "print-build"
        self.print_lock = FileLock(str(folder / "print.lock"))

    def once(self, name: str, run):
        return Once(self.folder, name)(run)

    def make_print(self, target: str, *variables: str) -> subprocess.CompletedProcess:
        """``make <target>`` in the print copy, never two at once."""
        with self.print_lock:
            return make(target, self.src, *variables, build=self.print_build)


def _made(proc: subprocess.CompletedProcess, tail: int = 3000) -> str:
    if proc.returncode != 0:
        raise AssertionError(proc.stdout[-tail:] + proc.stderr[-tail:])
    return proc.stderr


@pytest.fixture(scope="session")
def shared_site(tmp_path_factory) -> SharedSite:
    return SharedSite(shared_dir(tmp_path_factory) / "site")


@pytest.fixture(scope="session")
def site_src(shared_site) -> Path:
    """The site's sources: a copy of the checkout, built by the session fixtures below."""
    shared_site.once("checkout", lambda: str(copy_checkout(shared_site.src)))
    return shared_site.src


@pytest.fixture(scope="session")
def site_build(shared_site, site_src) -> Path:
    return shared_site.build


@pytest.fixture(scope="session")
def site_html(shared_site, site_src, site_build) -> Path:
    """``make html`` of the whole real site (warnings are errors, nitpicky), on a PATH without
    Graphviz: the diagrams come from the pip-installed renderer."""
    def build():
        path = path_without_graphviz(shared_site.folder / "bin")
        stderr = _made(make("html", site_src, build=site_build, path=path))
        assert "WARNING" not in stderr, stderr
    shared_site.once("html", build)
    return site_build / "html"


@pytest.fixture(scope="session")
def site_trainer(shared_site, site_src, site_build) -> Path:
    """``make trainer``: the site with the facilitator notes."""
    shared_site.once("trainer", lambda: _made(make("trainer", site_src, build=site_build)))
    return site_build / "trainer"


@pytest.fixture(scope="session")
def print_make(shared_site, site_src, site_html, site_trainer):
    """Runs a make target (``pdf``, ``handouts``) in the print copy of the built site."""
    shared_site.once("print-copy", lambda: str(shutil.copytree(
        shared_site.build, shared_site.print_build, symlinks=True)))
    return shared_site.make_print


@pytest.fixture(scope="session")
def site_pdf(shared_site, print_make) -> Path:
    """``make pdf``: the reader's book and the editors' PDF, printed by Chromium from the HTML
    build; the folder with the PDFs and their print reports (``*.tryck.json``)."""
    shared_site.once("pdf", lambda: _made(print_make("pdf"), 4000))
    return shared_site.print_build / "pdf"


@pytest.fixture(scope="session")
def site_handouts(shared_site, print_make) -> Path:
    """``make handouts``: per module a participants' and a facilitator PDF, in the HTML output
    of the print copy."""
    shared_site.once("handouts", lambda: _made(print_make("handouts"), 4000))
    return shared_site.print_build / "html" / "utskrift"


@pytest.fixture(scope="session")
def edited_site(shared_site) -> tuple[Path, Path, dict]:
    """A copy of the site with the changes of several tests, each in a place of its own, built
    once per run by ``make html`` (``tests/siteedits.py``: new cases, a new municipality, the
    archived Huddinge strategy and the import guide's two drafts): the sources, the HTML
    output, and what the steps and the build returned (the build's exit status, the end of its
    stdout and its stderr)."""
    import siteedits

    folder = shared_site.folder / "edited"
    result = shared_site.once("edited", lambda: siteedits.build(folder))
    return folder / "site", folder / "build" / "html", result


@pytest.fixture(scope="session")
def policies_site(edited_site) -> tuple[Path, Path, dict]:
    """The same copy as ``edited_site``, by the name the tests of added policies use."""
    return edited_site


#: What a copy of the site needs to build: the Sphinx sources and what they include.
SITE_PARTS = ("conf.py", "index.md", "policy", "casebook", "docs", "mallar", "_static",
              "_templates", "locale", "exts")


def copy_site(dest: Path, parts: tuple[str, ...] = SITE_PARTS) -> Path:
    """Copy the site's sources (or some ``parts`` of them) to ``dest``, for tests that change
    them before building."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "[0-9][0-9][0-9][0-9].md")
    for part in parts:
        path = REPO / part
        if path.is_dir():
            shutil.copytree(path, dest / part, ignore=ignore)
        elif path.exists():
            shutil.copy(path, dest / part)
    return dest


# --- nothing writes into the checkout ---------------------------------------------------------


def _checkout_state() -> dict[str, int]:
    state = {}
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in WRITABLE and not d.endswith(".egg-info")]
        for name in files:
            path = Path(root, name)
            try:
                state[str(path.relative_to(REPO))] = path.stat().st_mtime_ns
            except OSError:
                pass
    return state


def pytest_sessionstart(session):
    session.config._handbok_checkout = _checkout_state()


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_handbok_checkout", None)
    if before is None or hasattr(session.config, "workerinput"):
        return
    after = _checkout_state()
    written = sorted(name for name in set(before) | set(after)
                     if before.get(name) != after.get(name))
    if written:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = "Tests wrote into the checkout (they must use a copy): " + ", ".join(written)
        if reporter is not None:
            reporter.write_line(message, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- markers: make test-fast leaves out the browser and the PDF tests ----------------------------

#: Fixtures that print with Chromium: a test that uses one is a PDF test.
PDF_FIXTURES = {"site_pdf", "site_handouts", "print_make", "seeds"}
PDF_FILES = {"test_pdf.py", "test_handouts.py"}


#: The test files of ``make test-fast`` that take the most CPU time, heaviest first (CPU seconds
#: of each file with its shared builds, on the reference machine): they go first, so that the
#: workers end together (xdist's own order is by number of tests). The other files follow in
#: their usual order. A file missing here only runs later; nothing else depends on the list.
HEAVY_FILES = (
    "test_badinput.py",  # 24: a build per mistake
    "test_consistency.py",  # 22: eleven builds of a synthetic handbook
    "test_importer.py",  # 27: make import-policy and make html of the edited copy (edited_site)
    "test_training.py",  # 15: make trainer
    "test_followup_files.py",  # 13
    "test_contributing.py",  # 11: site_html, and waits for edited_site
    "test_architecture.py",  # 11: make html (site_html)
    "test_history.py",  # 2: reads edited_site (policies_site)
    "test_theme_coupling.py",  # 8
    "test_lint.py",  # 8: mypy --strict
    "test_directive_fuzz.py",  # 8
    "bench/test_bench_incremental.py",  # 6
    "test_followup.py",  # 6
    "test_gitlab_ci.py",  # 6
    "test_ext_builds.py",  # 4
)
_HEAVY_RANK = {name: rank for rank, name in enumerate(HEAVY_FILES)}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if "browser" in path.parent.parts[-1:]:
            item.add_marker(pytest.mark.browser)
        if path.name in PDF_FILES or PDF_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.pdf)

    def rank(item) -> int:
        path = Path(str(item.fspath))
        name = path.relative_to(REPO / "tests").as_posix() if path.is_relative_to(
            REPO / "tests") else path.name
        return _HEAVY_RANK.get(name, len(HEAVY_FILES))

    items.sort(key=rank)  # stable: a file's own tests keep their order
