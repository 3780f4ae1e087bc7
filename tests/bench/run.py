"""Benchmark: build synthetic casebooks and compare with plain MyST, Sphinx's basic theme and
sphinx-needs. Prints one table and writes JSON.

    python tests/bench/run.py                 # sizes 200, 1000, 5000
    python tests/bench/run.py --sizes 1000    # one size
    python tests/bench/run.py --sizes 30 --check-only   # read/write counts only (make test)

Every build is a fresh ``python -m sphinx -b html`` in a subprocess (times include start-up).
Peak memory is the largest resident set of any process of the build (``ru_maxrss`` of the
children), so with ``-j 2`` it is the largest worker, not the sum.
"""

from __future__ import annotations

import argparse
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

_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(rc, t, u.ru_maxrss, u.ru_utime + u.ru_stime)\n"
)


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


def expected_writes(case: gen.Case, what: str) -> list[str]:
    """The pages that show the edited part of the case."""
    pages = {case.docname}
    if what == "title":
        # The type's table, the grouped table on the casebook's start page and the policies
        # whose methods and goals list the case.
        pages |= {f"casebook/{gen.slug(case.ctype)}/index", "casebook/index"}
        pages |= {f"policy/{t.split('-')[0]}" for t in case.methods + case.goals}
        # Sphinx itself also rewrites the toctree ancestors of every page it rewrites (the
        # type page sits under casebook/index, under index): index, whatever the size.
        pages.add("index")
    return sorted(pages)


def measure(n: int, runs: int, work: Path, check_only: bool = False, save=lambda res: None,
            with_j2: bool = True) -> dict:
    cases = gen.make_cases(n)
    res: dict = {"cases": n, "runs": runs}
    count_conf = gen.site_conf(extensions=SITE_EXTS) + (
        f"\nimport sys\nsys.path.insert(0, {str(HERE)!r})\nextensions.append('countdocs')\n")
    src = gen.fresh(work / "handbok")
    gen.write_handbok(src, cases, conf=count_conf)
    out = work / "out-handbok"
    edited = cases[len(cases) // 2]

    # Incremental builds: one full build, then edits of one case.
    full = build(src, out, count_dir=work / "count")
    incr = {}
    for what in ("body", "title"):
        times, last = [], None
        for k in range(min(runs, 2) if what == "body" else 1):
            edit_case(src, edited, what, k)
            last = build(src, out, fresh=False, count_dir=work / "count")
            times.append(last["seconds"])
        incr[what] = {"seconds": median(times), "cpu": last["cpu"],
                      "reads": last["reads"], "writes": last["writes"],
                      "expected_writes": expected_writes(edited, what)}
    res["incremental"] = incr
    res["first_full_seconds"] = full["seconds"]
    if check_only:
        return res

    def series(src: Path, jobs: int = 1, first: dict | None = None) -> dict:
        # The first full build (with the counting extension, a few appends) counts as a run.
        results = [first] if first else []
        results += [build(src, work / "out", jobs=jobs) for _ in range(runs - len(results))]
        if first and runs == 1:
            shutil.copytree(out / "html", work / "out" / "html", dirs_exist_ok=True)
        stats = html_stats(work / "out" / "html")
        save(res)
        return {"seconds": median([r["seconds"] for r in results]),
                "cpu": median([r["cpu"] for r in results]),
                "all_seconds": [round(r["seconds"], 2) for r in results],
                "all_cpu": [round(r["cpu"], 2) for r in results],
                "maxrss_mb": max(r["maxrss_mb"] for r in results), **stats}

    res["handbok"] = series(src, first=full)
    res["handbok_sample_case_bytes"] = (work / "out" / "html" / f"{cases[0].docname}.html"
                                        ).stat().st_size
    res["handbok_j2"] = series(src, jobs=2) if with_j2 else None
    plain = gen.fresh(work / "plain")
    gen.write_plain(plain, cases, gen.site_conf(extensions=PLAIN_EXTS))
    res["plain"] = series(plain)
    basic = gen.fresh(work / "basic")
    gen.write_plain(basic, cases, gen.site_conf(extensions=BASIC_EXTS, theme_basic=True))
    res["basic"] = series(basic)
    try:
        import sphinx_needs  # noqa: F401
    except ImportError:
        res["needs"] = None
    else:
        needs = gen.fresh(work / "needs")
        gen.write_needs(needs, cases, gen.site_conf(extensions=NEEDS_EXTS))
        res["needs"] = series(needs)
    # Ratios use CPU time (user + system of the build's processes): on a shared machine the
    # wall time also counts other people's work. -j 2 is compared on wall time.
    h = res["handbok"]["cpu"]
    res["ratio"] = {
        "handbok_vs_plain": h / res["plain"]["cpu"],
        "handbok_vs_basic": h / res["basic"]["cpu"],
        "handbok_vs_needs": h / res["needs"]["cpu"] if res["needs"] else None,
        "j2_vs_serial_wall": (res["handbok_j2"]["seconds"] / res["handbok"]["seconds"]
                              if with_j2 else None),
        "incremental_vs_full": incr["body"]["cpu"] / h,
        "incremental_title_vs_full": incr["title"]["cpu"] / h,
    }
    res["seconds_per_case"] = h / n
    return res


def _read_written(result: dict, edit: str) -> str:
    build = result["incremental"][edit]
    return f"{len(build['reads'])} / {len(build['writes'])}"


def table(results: list[dict]) -> str:
    rows = [("Exempel", lambda r: f"{r['cases']}"),
            ("Körningar (median av)", lambda r: f"{r['runs']}"),
            ("Full, seriell, väggtid (s)", lambda r: f"{r['handbok']['seconds']:.1f}"),
            ("Full, seriell, CPU-tid (s)", lambda r: f"{r['handbok']['cpu']:.1f}"),
            ("Full, -j 2, väggtid (s)",
             lambda r: f"{r['handbok_j2']['seconds']:.1f}" if r["handbok_j2"] else "–"),
            ("CPU-ms per exempel", lambda r: f"{1000 * r['seconds_per_case']:.1f}"),
            ("Minne, största process (MB)", lambda r: f"{r['handbok']['maxrss_mb']:.0f}"),
            ("HTML per sida (kB)", lambda r: f"{r['handbok']['bytes_per_page'] / 1000:.1f}"),
            ("Ett exempels sida (kB)", lambda r: f"{r['handbok_sample_case_bytes'] / 1000:.1f}"),
            ("Ändrad brödtext, CPU (s)", lambda r: f"{r['incremental']['body']['cpu']:.2f}"),
            ("  lästa / skrivna sidor", lambda r: _read_written(r, "body")),
            ("Ändrad rubrik, CPU (s)", lambda r: f"{r['incremental']['title']['cpu']:.2f}"),
            ("  lästa / skrivna sidor", lambda r: _read_written(r, "title")),
            ("Inkrementell / full (< 0,05)",
             lambda r: f"{r['ratio']['incremental_vs_full']:.3f}"),
            ("Vanlig MyST, samma tema, CPU (s)", lambda r: f"{r['plain']['cpu']:.1f}"),
            ("Vanlig MyST, basic-tema, CPU (s)", lambda r: f"{r['basic']['cpu']:.1f}"),
            ("sphinx-needs, samma tema, CPU (s)",
             lambda r: f"{r['needs']['cpu']:.1f}" if r["needs"] else "–"),
            ("Kvot mot vanlig MyST (≤ 1,1)", lambda r: f"{r['ratio']['handbok_vs_plain']:.2f}"),
            ("Kvot mot basic (≤ 1,3)", lambda r: f"{r['ratio']['handbok_vs_basic']:.2f}"),
            ("Kvot mot sphinx-needs (≤ 0,8)", lambda r: f"{r['ratio']['handbok_vs_needs']:.2f}"
             if r["ratio"]["handbok_vs_needs"] else "–")]
    width = max(len(name) for name, _ in rows)
    lines = []
    for name, fn in rows:
        lines.append(f"{name:<{width}}  " + "  ".join(f"{fn(r):>9}" for r in results))
    return "\n".join(lines)


def growth(results: list[dict]) -> dict:
    by = {r["cases"]: r for r in results}
    out = {}
    if 1000 in by and 5000 in by:
        out["time_per_case_1000_to_5000"] = (by[5000]["seconds_per_case"]
                                             / by[1000]["seconds_per_case"] - 1)
    if 200 in by and 5000 in by:
        out["bytes_per_page_200_to_5000"] = (by[5000]["handbok"]["bytes_per_page"]
                                             / by[200]["handbok"]["bytes_per_page"] - 1)
        out["case_page_bytes_200_to_5000"] = (by[5000]["handbok_sample_case_bytes"]
                                              / by[200]["handbok_sample_case_bytes"] - 1)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000,5000")
    parser.add_argument("--runs", type=int, default=3, help="runs per build below 5000 cases")
    parser.add_argument("--big-runs", type=int, default=1, help="runs per build at ≥ 5000")
    parser.add_argument("--no-j2-from", type=int, default=10**9,
                        help="skip the -j 2 build from this size on")
    parser.add_argument("--two-lanes", action="store_true",
                        help="measure the largest size alongside the others (2 builds at a time)")
    parser.add_argument("--json", default=str(REPO / "_build" / "bench" / "results.json"))
    parser.add_argument("--check-only", action="store_true",
                        help="only check which documents an incremental build reads and writes")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results, failures = [], []
    partial_results: dict[int, dict] = {}
    lock = threading.Lock()

    def one_size(n: int, tmp: str) -> dict:
        runs = args.big_runs if n >= 5000 else args.runs
        print(f"… {n} exempel ({runs} körningar)", file=sys.stderr, flush=True)

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
                      with_j2=n < args.no_j2_from)
        if not args.check_only:  # show what is measured so far
            print(table([res]), file=sys.stderr, flush=True)
        return res

    with tempfile.TemporaryDirectory(prefix="handbok-bench-") as tmp:
        if args.two_lanes and len(sizes) > 1:
            # Two builds at a time at most (like -j 2): the largest size in one lane, the rest
            # one after another in the other. Figures are per build (CPU time of its processes).
            big, rest = max(sizes), [n for n in sizes if n != max(sizes)]
            with ThreadPoolExecutor(max_workers=2) as pool:
                big_future = pool.submit(one_size, big, tmp)
                rest_results = [one_size(n, tmp) for n in rest]
                results = sorted([*rest_results, big_future.result()], key=lambda r: r["cases"])
        else:
            results = [one_size(n, tmp) for n in sizes]
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
        summary = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                   "cpus": os.cpu_count(), "python": sys.version.split()[0],
                   "results": results, "growth": growth(results)}
        for key, value in summary["growth"].items():
            print(f"{key}: {100 * value:+.1f} %")
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
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
