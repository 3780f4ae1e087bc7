"""Benchmark: build synthetic casebooks and compare with plain MyST, Sphinx's basic theme and
sphinx-needs. Prints one table and writes JSON.

    python tests/bench/run.py                 # sizes 200, 1000, 5000, 10000
    python tests/bench/run.py --sizes 1000    # one size
    python tests/bench/run.py --sizes 30 --check-only   # read/write counts only (make test)
    python tests/bench/run.py --guard         # make bench-guard: 20, 200 and 2000 cases in 3
                                              # rounds, handbook only; fails when CPU per
                                              # case grows > 30 %

Every build is a fresh ``python -m sphinx -b html`` in a subprocess (times include start-up).
The flavours are interleaved: round 1 builds every flavour once, then round 2, and so on; the
figures are the medians over the rounds. Peak memory is the largest resident set of any
process of the build (``ru_maxrss`` of the children), so with ``-j 2`` it is the largest
worker, not the sum. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate as gen  # noqa: E402

REPO = gen.REPO
SITE_EXTS = '["myst_parser", "sphinx_design", "handbok"]'
# The other flavours draw the same diagrams with Sphinx's own Graphviz extension.
PLAIN_EXTS = '["myst_parser", "sphinx_design", "sphinx.ext.graphviz"]'
BASIC_EXTS = '["myst_parser", "sphinx.ext.graphviz"]'
NEEDS_EXTS = '["myst_parser", "sphinx_design", "sphinx_needs", "sphinx.ext.graphviz"]'
#: The builds of one round, in order; "handbok_j2" is the handbook built with -j 2.
FLAVOURS = ("handbok", "handbok_j2", "plain", "basic", "needs")

_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(rc, t, u.ru_maxrss, u.ru_utime + u.ru_stime)\n"
)


# The guard's rounds: every size built in each, the median of the rounds' growth counts.
GUARD_ROUNDS = 3


def build(src: Path, out: Path, jobs: int = 1, fresh: bool = True,
          count_dir: Path | None = None) -> dict:
    if fresh and out.exists():
        shutil.rmtree(out)
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(out / "doctrees")]
    if jobs > 1:
        cmd += ["-j", str(jobs)]
    cmd += [str(src), str(out / "html")]
    env = dict(os.environ)
    if count_dir is not None:
        count_dir.mkdir(parents=True, exist_ok=True)
        for name in ("reads", "writes"):
            (count_dir / name).write_text("", encoding="utf-8")
        env["HANDBOK_BENCH_COUNT"] = str(count_dir)
    proc = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True,
                          text=True, env=env)
    try:
        rc, seconds, maxrss, cpu = proc.stdout.split()
    except ValueError:
        raise SystemExit(f"build failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}") from None
    if int(rc) != 0:
        raise SystemExit(f"build failed ({rc}): {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    result = {"seconds": float(seconds), "cpu": float(cpu), "maxrss_mb": int(maxrss) / 1024}
    if count_dir is not None:
        for name in ("reads", "writes"):
            lines = (count_dir / name).read_text(encoding="utf-8").split()
            result[name] = sorted(set(lines))
    return result


def html_stats(html: Path) -> dict:
    pages = [p for p in html.rglob("*.html") if p.name not in ("genindex.html", "search.html")]
    total = sum(p.stat().st_size for p in pages)
    return {"pages": len(pages), "bytes_per_page": total / max(len(pages), 1)}


def median(values: list[float]) -> float:
    return statistics.median(values)


def edit_case(src: Path, case: gen.Case, what: str, n: int) -> None:
    path = src / f"{case.docname}.md"
    text = path.read_text(encoding="utf-8")
    if what == "body":
        text = text.replace(case.text, f"{case.text} Ändring {n}.")
        case.text = f"{case.text} Ändring {n}."
    else:
        new = f"{case.title} (ändrad {n})"
        text = text.replace(f"# {case.title}\n", f"# {new}\n")
        case.title = new
    path.write_text(text, encoding="utf-8")
    # Sphinx compares modification times: make sure the edit is seen as newer.
    later = time.time() + 2
    os.utime(path, (later, later))


def type_neighbours(cases: list[gen.Case], case: gen.Case) -> set[str]:
    """The cases before and after ``case`` among those of its type, in the type page's order:
    the pages whose previous/next links show its title."""
    same = [c.docname for c in gen.sorted_cases([c for c in cases if c.ctype == case.ctype])]
    n = same.index(case.docname)
    return {same[k] for k in (n - 1, n + 1) if 0 <= k < len(same)}


def expected_writes(case: gen.Case, what: str, neighbours: set[str] = frozenset()) -> list[str]:
    """The pages that show the edited part of the case (``neighbours``: the cases whose
    previous/next links show it, before and after the edit)."""
    pages = {case.docname}
    if what == "title":
        pages |= set(neighbours)
        # The type's table, the grouped table on the casebook's start page and the policies
        # whose methods and goals list the case.
        pages |= {f"casebook/{gen.slug(case.ctype)}/index", "casebook/index"}
        pages |= {f"policy/{t.split('-')[0]}" for t in case.methods + case.goals}
        # Sphinx itself also rewrites the toctree ancestors of every page it rewrites (the
        # type page sits under casebook/index, under index): index, whatever the size.
        pages.add("index")
    return sorted(pages)


def handbok_corpus(cases: list[gen.Case], work: Path) -> Path:
    """The handbook flavour, with the extension that counts read and written pages."""
    conf = gen.site_conf(extensions=SITE_EXTS) + (
        f"\nimport sys\nsys.path.insert(0, {str(HERE)!r})\nextensions.append('countdocs')\n")
    src = gen.fresh(work / "handbok")
    gen.write_handbok(src, cases, conf=conf)
    return src


def corpora(cases: list[gen.Case], work: Path, with_j2: bool,
            only: tuple[str, ...] = FLAVOURS) -> dict[str, tuple[Path, int]]:
    """Every flavour's corpus and its -j: name -> (source folder, jobs)."""
    src = handbok_corpus(cases, work)
    flavours = {"handbok": (src, 1)}
    if with_j2 and "handbok_j2" in only:
        flavours["handbok_j2"] = (src, 2)
    if "plain" in only:
        plain = gen.fresh(work / "plain")
        gen.write_plain(plain, cases, gen.site_conf(extensions=PLAIN_EXTS))
        flavours["plain"] = (plain, 1)
    if "basic" in only:
        basic = gen.fresh(work / "basic")
        gen.write_plain(basic, cases, gen.site_conf(extensions=BASIC_EXTS, theme_basic=True))
        flavours["basic"] = (basic, 1)
    try:
        import sphinx_needs  # noqa: F401
    except ImportError:
        pass
    else:
        if "needs" not in only:
            return flavours
        needs = gen.fresh(work / "needs")
        gen.write_needs(needs, cases, gen.site_conf(extensions=NEEDS_EXTS))
        flavours["needs"] = (needs, 1)
    return flavours


def incremental(src: Path, out: Path, cases: list[gen.Case], runs: int) -> dict:
    """Edits of one case after a full build in ``out``: what is read and written, and the time."""
    edited = cases[len(cases) // 2]
    incr = {}
    for what in ("body", "title"):
        times, cpus, last = [], [], None
        neighbours = type_neighbours(cases, edited)
        for k in range(min(runs, 2) if what == "body" else 1):
            edit_case(src, edited, what, k)
            last = build(src, out, fresh=False, count_dir=out.parent / "count")
            times.append(last["seconds"])
            cpus.append(last["cpu"])
        neighbours |= type_neighbours(cases, edited)
        incr[what] = {"seconds": median(times), "cpu": median(cpus),
                      "reads": last["reads"], "writes": last["writes"],
                      "expected_writes": expected_writes(edited, what, neighbours)}
    return incr


def floor_incremental(src: Path, out: Path, cases: list[gen.Case], runs: int) -> dict:
    """The same edit of the case's text in the basic theme's corpus, built incrementally: the
    floor of an incremental build (Sphinx's own start-up). A copy of the case, so the
    handbook's edits start from its own text."""
    edited = copy.copy(cases[len(cases) // 2])
    cpus = []
    for k in range(min(runs, 2)):
        edit_case(src, edited, "body", k)
        cpus.append(build(src, out, fresh=False)["cpu"])
    return {"cpu": median(cpus)}


def summary(results: list[dict], html: Path) -> dict:
    return {"seconds": median([r["seconds"] for r in results]),
            "cpu": median([r["cpu"] for r in results]),
            "min_cpu": min(r["cpu"] for r in results),
            "all_seconds": [round(r["seconds"], 2) for r in results],
            "all_cpu": [round(r["cpu"], 2) for r in results],
            "maxrss_mb": max(r["maxrss_mb"] for r in results), **html_stats(html)}


def measure(n: int, runs: int, work: Path, check_only: bool = False, save=lambda res: None,
            with_j2: bool = True, progress=lambda message: None,
            only: tuple[str, ...] = FLAVOURS) -> dict:
    cases = gen.make_cases(n)
    res: dict = {"cases": n, "runs": runs}
    out = work / "out-handbok"
    if check_only:  # one full build, then the incremental ones
        src = handbok_corpus(cases, work)
        res["first_full_seconds"] = build(src, out)["seconds"]
        res["incremental"] = incremental(src, out, cases, runs)
        return res

    flavours = corpora(cases, work, with_j2, only)
    results: dict[str, list[dict]] = {name: [] for name in flavours}
    # Interleaved: round k builds every flavour once, so a slow spell of the shared machine
    # falls on one run of each flavour (and the median leaves it out), not on one flavour.
    for k in range(1, runs + 1):
        for name, (src, jobs) in flavours.items():
            # The serial handbook build stays in place for the incremental builds below.
            dest = out if name == "handbok" else work / "out"
            if name == "basic":  # kept for the floor's incremental build below
                dest = work / "out-basic"
            result = build(src, dest, jobs=jobs)
            results[name].append(result)
            res[name] = summary(results[name], dest / "html")
            progress(f"{n} exempel, omgång {k}/{runs}: {name} {result['seconds']:.1f} s "
                     f"(CPU {result['cpu']:.1f} s, {result['maxrss_mb']:.0f} MB)")
            save(res)
    for name in FLAVOURS:
        res.setdefault(name, None)
    res["handbok_sample_case_bytes"] = (out / "html" / f"{cases[0].docname}.html").stat().st_size
    if "basic" in flavours:
        res["incremental_basic"] = floor_incremental(flavours["basic"][0], work / "out-basic",
                                                     cases, runs)
    res["incremental"] = incr = incremental(flavours["handbok"][0], out, cases, runs)
    # Ratios of medians of CPU time (user + system of the build's processes): on a shared
    # machine the wall time also counts other people's work. -j 2 is compared on wall time.
    h = res["handbok"]["cpu"]

    def versus(name: str) -> float | None:
        return h / res[name]["cpu"] if res[name] else None

    res["ratio"] = {
        "handbok_vs_plain": versus("plain"),
        "handbok_vs_basic": versus("basic"),
        "handbok_vs_needs": versus("needs"),
        "j2_vs_serial_wall": (res["handbok_j2"]["seconds"] / res["handbok"]["seconds"]
                              if res["handbok_j2"] else None),
        "incremental_vs_full": incr["body"]["cpu"] / h,
        "incremental_title_vs_full": incr["title"]["cpu"] / h,
    }
    res["seconds_per_case"] = h / n
    save(res)
    return res


def _read_written(result: dict, edit: str) -> str:
    build = result["incremental"][edit]
    return f"{len(build['reads'])} / {len(build['writes'])}"


def _optional(value, fmt: str) -> str:
    return "–" if value is None else format(value, fmt)


def _pages(r: dict) -> str:
    return " / ".join(str(r[f]["pages"]) if r.get(f) else "–"
                      for f in ("handbok", "plain", "needs"))


ROWS = [
    ("Exempel", lambda r: f"{r['cases']}"),
    ("Omgångar (median av)", lambda r: f"{r['runs']}"),
    ("HTML-sidor (handbok / vanlig / needs)", _pages),
    ("Full, seriell, väggtid (s)", lambda r: f"{r['handbok']['seconds']:.1f}"),
    ("Full, seriell, CPU-tid (s)", lambda r: f"{r['handbok']['cpu']:.1f}"),
    ("Full, -j 2, väggtid (s)",
     lambda r: _optional(r["handbok_j2"] and r["handbok_j2"]["seconds"], ".1f")),
    ("-j 2 / seriell, väggtid", lambda r: _optional(r["ratio"]["j2_vs_serial_wall"], ".2f")),
    ("CPU-ms per exempel", lambda r: f"{1000 * r['seconds_per_case']:.1f}"),
    ("Minne, största process (MB)", lambda r: f"{r['handbok']['maxrss_mb']:.0f}"),
    ("HTML per sida (kB)", lambda r: f"{r['handbok']['bytes_per_page'] / 1000:.1f}"),
    ("Ett exempels sida (kB)", lambda r: f"{r['handbok_sample_case_bytes'] / 1000:.1f}"),
    ("Ändrad brödtext, CPU (s)", lambda r: f"{r['incremental']['body']['cpu']:.2f}"),
    ("  lästa / skrivna sidor", lambda r: _read_written(r, "body")),
    ("Ändrad rubrik, CPU (s)", lambda r: f"{r['incremental']['title']['cpu']:.2f}"),
    ("  lästa / skrivna sidor", lambda r: _read_written(r, "title")),
    ("Inkrementell / full (< 0,05)", lambda r: f"{r['ratio']['incremental_vs_full']:.3f}"),
    ("Basic-temat, ändrad brödtext, CPU (s)",
     lambda r: _optional(r.get("incremental_basic") and r["incremental_basic"]["cpu"], ".2f")),
    ("Vanlig MyST, samma tema, CPU (s)",
     lambda r: _optional(r["plain"] and r["plain"]["cpu"], ".1f")),
    ("Vanlig MyST, basic-tema, CPU (s)",
     lambda r: _optional(r["basic"] and r["basic"]["cpu"], ".1f")),
    ("Basic-temat, minne (MB)",
     lambda r: _optional(r["basic"] and r["basic"]["maxrss_mb"], ".0f")),
    ("sphinx-needs, samma tema, CPU (s)",
     lambda r: _optional(r["needs"] and r["needs"]["cpu"], ".1f")),
    ("sphinx-needs, minne (MB)",
     lambda r: _optional(r["needs"] and r["needs"]["maxrss_mb"], ".0f")),
    ("Kvot mot vanlig MyST", lambda r: _optional(r["ratio"]["handbok_vs_plain"], ".2f")),
    ("Kvot mot basic, golvet (≤ 1,1)",
     lambda r: _optional(r["ratio"]["handbok_vs_basic"], ".2f")),
    ("Kvot mot sphinx-needs (≤ 0,7)",
     lambda r: _optional(r["ratio"]["handbok_vs_needs"], ".2f")),
]


def table(results: list[dict]) -> str:
    cells = [[fn(r) for r in results] for _name, fn in ROWS]
    width = max(len(name) for name, _ in ROWS)
    widths = [max(9, *(len(row[k]) for row in cells)) for k in range(len(results))]
    return "\n".join(f"{name:<{width}}  "
                     + "  ".join(f"{v:>{w}}" for v, w in zip(row, widths, strict=True))
                     for (name, _fn), row in zip(ROWS, cells, strict=True))


def net_growth(cpu: dict[int, float], baseline: int, small: int, big: int) -> float:
    """Growth of the CPU time per case above the ``baseline`` build from ``small`` cases to
    ``big`` ones, from one CPU time per size."""
    def net(n: int) -> float:
        return (cpu[n] - cpu[baseline]) / (n - baseline)
    return net(big) / net(small) - 1


def guard_rounds(work: Path, sizes: list[int], rounds: int,
                 runs: dict[int, int]) -> list[dict[int, float]]:
    """``rounds`` more builds of the corpora that measure() left in ``work``, interleaved: a
    round builds every size (``runs[n]`` times, the least CPU time counts) before the next
    round starts. A slow spell of a shared machine lasts minutes; within a round it falls on
    every size, so it barely moves the round's ratio, and a median over rounds leaves out a
    round it split."""
    out = []
    for k in range(rounds):
        cpu = {}
        for n in sizes:
            cpu[n] = min(build(work / str(n) / "handbok", work / str(n) / "guard")["cpu"]
                         for _ in range(runs[n]))
        print(f"   vaktens omgång {k + 2}: " + ", ".join(f"{n} exempel {c:.1f} s"
                                                     for n, c in cpu.items()),
              file=sys.stderr, flush=True)
        out.append(cpu)
    return out


def growth(results: list[dict], baseline: int | None = None) -> dict:
    """Growth of the CPU time per case from the smallest size to each larger one (and from
    1000 cases, the goals' base), and of the page size from the smallest. With a
    ``baseline`` size, also the growth of the CPU time per case above that build's."""
    by = {r["cases"]: r for r in results}
    out = {}
    small, big = min(by), max(by)
    for base in sorted(by):
        for n in sorted(by):
            if n > base:
                out[f"cpu_per_case_{base}_to_{n}"] = (by[n]["seconds_per_case"]
                                                      / by[base]["seconds_per_case"] - 1)
    if baseline in by:
        # Above the start-up: the CPU time a build spends beyond the smallest build (the
        # baseline), per case beyond it. A fixed start-up cost would hide a term that grows
        # with the square of the cases (issue 30: about a second of start-up and reading the
        # policies, a tenth of a 200-case build).
        least = {n: by[n]["handbok"]["min_cpu"] for n in by}
        rest = sorted(n for n in by if n > baseline)
        for n in rest[1:]:
            out[f"net_cpu_per_case_{rest[0]}_to_{n}"] = net_growth(least, baseline, rest[0], n)
    if small < big:
        out[f"bytes_per_page_{small}_to_{big}"] = (by[big]["handbok"]["bytes_per_page"]
                                                   / by[small]["handbok"]["bytes_per_page"] - 1)
        out[f"case_page_bytes_{small}_to_{big}"] = (by[big]["handbok_sample_case_bytes"]
                                                    / by[small]["handbok_sample_case_bytes"] - 1)
    return out


def _sv(value: float, fmt: str) -> str:
    return format(value, fmt).replace(".", ",")


def goals(results: list[dict], grown: dict) -> list[tuple[str, str, str]]:
    """Issue 30's goals, each as (goal, measured, holds?) from this run's figures; a goal
    whose size or flavour was not built is "ej mätt" (not measured)."""
    by = {r["cases"]: r for r in results}
    out = []

    def verdict(ok: bool) -> str:
        return "ja" if ok else "nej"

    key = "cpu_per_case_1000_to_10000"
    if key in grown:
        g = grown[key]
        out.append(("CPU-tid per exempel växer högst 20 % från 1 000 till 10 000 exempel",
                    f"{_sv(100 * g, '+.1f')} % ({_sv(1000 * by[1000]['seconds_per_case'], '.1f')}"
                    f" → {_sv(1000 * by[10000]['seconds_per_case'], '.1f')} ms)",
                    verdict(g <= 0.20)))
    else:
        out.append(("CPU-tid per exempel växer högst 20 % från 1 000 till 10 000 exempel",
                    "–", "ej mätt"))
    for n in (1000, 10000):
        for flavour, limit, name in (("basic", 1.1, "golvet (basic-temat)"),
                                     ("needs", 0.7, "sphinx-needs")):
            size = f"{n:,}".replace(",", " ")
            goal = f"Högst {_sv(limit, '.1f')} gånger {name} vid {size} exempel"
            ratio = by[n]["ratio"][f"handbok_vs_{flavour}"] if n in by else None
            if ratio is None:
                out.append((goal, "–", "ej mätt"))
            else:
                out.append((goal, f"{_sv(ratio, '.2f')} ({_sv(by[n]['handbok']['cpu'], '.1f')} / "
                                  f"{_sv(by[n][flavour]['cpu'], '.1f')} s CPU-tid)",
                            verdict(ratio <= limit)))
    goal = "Minne högst 700 MB vid 10 000 exempel (största process)"
    if 10000 in by:
        mb = by[10000]["handbok"]["maxrss_mb"]
        out.append((goal, f"{mb:.0f} MB", verdict(mb <= 700)))
    else:
        out.append((goal, "–", "ej mätt"))
    goal = "Stegvist bygge efter ändrad text i ett exempel högst 5 % av ett helt vid 1 000 exempel"
    if 1000 in by:
        r = by[1000]
        share = r["ratio"]["incremental_vs_full"]
        body = r["incremental"]["body"]["cpu"]
        out.append((goal, f"{_sv(100 * share, '.1f')} % ({_sv(body, '.2f')}"
                          f" / {_sv(r['handbok']['cpu'], '.1f')} s CPU-tid)",
                    verdict(share <= 0.05)))
    else:
        out.append((goal, "–", "ej mätt"))
    return out


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("sphinx", "myst-parser", "sphinx-book-theme", "sphinx-needs", "docutils"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            pass
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True) if shutil.which("dot") \
        else None
    found["graphviz"] = dot.stderr.strip() if dot else "saknas"
    return found


def compile_bytecode() -> None:
    """Byte-compile the installed packages and the extension first. Python does so on first
    import unless told not to (PYTHONDONTWRITEBYTECODE); then every build would compile its
    modules again, a cost of start-up that no installed handbook pays (pip and
    ``make html`` compile at install)."""
    import compileall
    import sysconfig

    for folder in (sysconfig.get_paths()["purelib"], str(REPO / "exts")):
        compileall.compile_dir(folder, quiet=2, workers=1)


def smoke_flavours(work: Path, n: int = 20) -> list[str]:
    """Build every comparison flavour once at a small size, so that a change to the site's
    conf.py that breaks one of them (they reuse it) fails the guard, not a later `make bench`."""
    failures = []
    for name, (src, jobs) in corpora(gen.make_cases(n), work, with_j2=False).items():
        if name == "handbok":
            continue
        try:
            build(src, work / "out" / name, jobs)
        except SystemExit as exc:
            failures.append(f"the {name} flavour does not build: {str(exc)[-1500:]}")
        else:
            print(f"Varianten {name} byggs ({n} exempel).", file=sys.stderr, flush=True)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000,5000,10000")
    parser.add_argument("--runs", type=int, default=3,
                        help="rounds (runs of every flavour) below 5000 cases")
    parser.add_argument("--big-runs", type=int, default=1, help="rounds at ≥ 5000 cases")
    parser.add_argument("--no-j2-from", type=int, default=10**9,
                        help="skip the -j 2 build from this size on")
    parser.add_argument("--two-lanes", action="store_true",
                        help="measure the largest size alongside the others (2 builds at a time)")
    parser.add_argument("--json", default=str(REPO / "_build" / "bench" / "results.json"))
    parser.add_argument("--check-only", action="store_true",
                        help="only check which documents an incremental build reads and writes")
    parser.add_argument("--big-from", type=int, default=5000,
                        help="sizes from this on are built --big-runs times")
    parser.add_argument("--flavours", default=",".join(FLAVOURS),
                        help=f"flavours to build (handbok always): {', '.join(FLAVOURS)}")
    parser.add_argument("--max-growth", type=float, default=None,
                        help="fail when CPU per case grows more than this (0.3 = 30 %%) from "
                             "the smallest size to the largest (above --baseline when given)")
    parser.add_argument("--baseline", type=int, default=None,
                        help="also build this small size and count CPU per case above it")
    parser.add_argument("--guard", action="store_true",
                        help="CI's guard against super-linear growth (make bench-guard): "
                             "--sizes 200,2000 --baseline 20 --flavours handbok --runs 3 "
                             "--big-from 2000 --max-growth 0.3, then 2 more rounds of "
                             "every size (the median of the 3 rounds' growth counts)")
    args = parser.parse_args(argv)
    if args.guard:
        args.sizes, args.flavours, args.runs, args.big_runs = "200,2000", "handbok", 3, 1
        args.big_from, args.baseline = 2000, 20
        if args.max_growth is None:
            args.max_growth = 0.3
        if args.json == parser.get_default("json"):
            args.json = str(REPO / "_build" / "bench" / "guard.json")
    only = tuple(dict.fromkeys(["handbok", *(f.strip() for f in args.flavours.split(","))]))
    unknown = [f for f in only if f not in FLAVOURS]
    if unknown:
        parser.error(f"unknown flavours: {', '.join(unknown)}")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    measured = sorted({*sizes, *([args.baseline] if args.baseline else [])})
    if not args.check_only:
        compile_bytecode()
    results, failures = [], []
    partial_results: dict[int, dict] = {}
    lock = threading.Lock()

    def one_size(n: int, tmp: str) -> dict:
        runs = args.big_runs if n >= args.big_from else args.runs
        print(f"… {n} exempel ({runs} omgångar)", file=sys.stderr, flush=True)

        def save(res: dict) -> None:
            if args.check_only:
                return
            with lock:
                partial_results[n] = res
                partial = Path(args.json).with_suffix(".partial.json")
                partial.parent.mkdir(parents=True, exist_ok=True)
                partial.write_text(json.dumps([partial_results[k] for k in sorted(partial_results)],
                                              indent=2, ensure_ascii=False), encoding="utf-8")
        res = measure(n, runs, Path(tmp) / str(n), check_only=args.check_only, save=save,
                      with_j2=n < args.no_j2_from, only=only,
                      progress=lambda message: print("  ", message, file=sys.stderr, flush=True))
        if not args.check_only:  # show what is measured so far
            print(table([res]), file=sys.stderr, flush=True)
        return res

    with tempfile.TemporaryDirectory(prefix="handbok-bench-") as tmp:
        if args.two_lanes and len(measured) > 1:
            # Two builds at a time at most (like -j 2): the largest size in one lane, the rest
            # one after another in the other. Figures are per build (CPU time of its processes).
            big, rest = max(measured), [n for n in measured if n != max(measured)]
            with ThreadPoolExecutor(max_workers=2) as pool:
                big_future = pool.submit(one_size, big, tmp)
                rest_results = [one_size(n, tmp) for n in rest]
                results = sorted([*rest_results, big_future.result()], key=lambda r: r["cases"])
        else:
            results = [one_size(n, tmp) for n in measured]
        rounds: list[dict[int, float]] = []
        if args.guard:
            # Round 1 is measure()'s builds (the least of each size's runs).
            rounds = [{r["cases"]: r["handbok"]["min_cpu"] for r in results}]
            rounds += guard_rounds(Path(tmp), measured, GUARD_ROUNDS - 1,
                                   {n: args.big_runs if n >= args.big_from else args.runs
                                    for n in measured})
            failures += smoke_flavours(Path(tmp) / "smoke")
        for res in results:
            n = res["cases"]
            for what, inc in res["incremental"].items():
                if inc["reads"] != [gen.make_cases(n)[n // 2].docname]:
                    failures.append(f"{n}/{what}: read {inc['reads']}")
                if inc["writes"] != inc["expected_writes"]:
                    failures.append(f"{n}/{what}: wrote {inc['writes']}, "
                                    f"expected {inc['expected_writes']}")
    if not args.check_only:
        print(table(results))
        report = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                  "cpus": os.cpu_count(), "python": sys.version.split()[0],
                  "versions": versions(), "results": results,
                  "growth": growth(results, args.baseline)}
        for key, value in report["growth"].items():
            print(f"{key}: {100 * value:+.1f} %")
        if not args.guard:
            report["goals"] = goals(results, report["growth"])
            print("Målen i ärende 30 (mål / uppmätt / håller?):")
            for goal, measured, holds in report["goals"]:
                print(f"  {goal} / {measured} / {holds}")
        if args.max_growth is not None and len(sizes) > 1:
            small, big = min(sizes), max(sizes)
            net = args.baseline is not None and args.baseline < small
            grew = report["growth"][f"{'net_' if net else ''}cpu_per_case_{small}_to_{big}"]
            if rounds and args.baseline is not None:
                per_round = [net_growth(cpu, args.baseline, small, big) for cpu in rounds]
                report["guard_rounds"] = [{"cpu": cpu, "growth": g}
                                          for cpu, g in zip(rounds, per_round, strict=True)]
                print("Vaktens omgångar: " + ", ".join(f"{100 * g:+.1f} %" for g in per_round))
                grew = median(per_round)
            verdict = "FEL" if grew > args.max_growth else "OK"
            above = f" (utöver bygget med {args.baseline} exempel)" if net else ""
            if rounds:
                above += f", medianen av {len(rounds)} omgångar,"
            print(f"{verdict}: CPU-tiden per exempel{above} växte {100 * grew:+.1f} % från "
                  f"{small} till {big} exempel (gräns {100 * args.max_growth:+.0f} %).")
            if grew > args.max_growth:
                failures.append(f"CPU per case grew {100 * grew:+.1f} % from {small} to {big} "
                                f"cases (limit {100 * args.max_growth:+.0f} %)")
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"JSON: {path}")
    else:
        for res in results:
            for what, inc in res["incremental"].items():
                print(f"{res['cases']} exempel, ändrad {what}: läste {len(inc['reads'])}, "
                      f"skrev {len(inc['writes'])}: {', '.join(inc['writes'])}")
    for failure in failures:
        print("FEL:", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
