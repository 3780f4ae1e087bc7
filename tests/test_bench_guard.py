"""CI's guard against super-linear builds (tests/bench/run.py --guard) reads its figure right:
a cost that grows with the square of the cases fails it, a slow spell of a shared machine in
one round does not. The CPU times are made up here; `make bench-guard` measures real builds."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

import run  # noqa: E402

BASELINE, SMALL, BIG = 20, 200, 2000
LIMIT = 0.3


def build_cpu(n: int, quadratic: float = 0.0) -> float:
    """Two seconds of start-up, 16 ms per case, and an optional term in the square."""
    return 2.0 + 0.016 * n + quadratic * n * n


def one_round(quadratic: float = 0.0, slow: dict[int, float] | None = None) -> dict[int, float]:
    slow = slow or {}
    return {n: build_cpu(n, quadratic) * slow.get(n, 1.0) for n in (BASELINE, SMALL, BIG)}


def guard_figure(rounds: list[dict[int, float]]) -> float:
    """As run.main() reads the rounds."""
    return statistics.median(run.net_growth(cpu, BASELINE, SMALL, BIG) for cpu in rounds)


def test_a_linear_build_passes():
    assert abs(run.net_growth(one_round(), BASELINE, SMALL, BIG)) < 1e-9


def test_a_term_in_the_square_of_the_cases_fails_every_round():
    # Issue 30's fault: about 40 % more CPU per case above the start-up at 2,000 cases.
    quadratic = 0.016 * 0.4 / (BIG - SMALL)
    rounds = [one_round(quadratic), one_round(quadratic, {BIG: 0.9}), one_round(quadratic)]
    assert guard_figure(rounds) > LIMIT


def test_a_slow_spell_in_one_round_moves_nothing():
    """What failed CI once (+48.6 %): one 2,000-case build 35 % slower than the others. In
    one of three rounds, the median leaves it out."""
    rounds = [one_round(slow={BIG: 1.35}), one_round(), one_round()]
    assert run.net_growth(rounds[0], BASELINE, SMALL, BIG) > LIMIT  # alone it would fail
    assert abs(guard_figure(rounds)) < 1e-9


def test_a_spell_over_a_whole_round_barely_moves_it():
    """Within a round a slow spell falls on every size: the ratio is about the same."""
    assert abs(run.net_growth(one_round(slow={BASELINE: 1.3, SMALL: 1.3, BIG: 1.3}),
                              BASELINE, SMALL, BIG)) < 1e-9


def test_growth_counts_the_least_cpu_time_of_each_size():
    def result(n: int, cpus: list[float]) -> dict:
        return {"cases": n, "seconds_per_case": max(cpus) / n, "handbok_sample_case_bytes": 1,
                "handbok": {"cpu": max(cpus), "min_cpu": min(cpus), "bytes_per_page": 1}}
    results = [result(n, [build_cpu(n), build_cpu(n) * 1.4]) for n in (BASELINE, SMALL)]
    results.append(result(BIG, [build_cpu(BIG)]))
    assert abs(run.growth(results, BASELINE)[f"net_cpu_per_case_{SMALL}_to_{BIG}"]) < 1e-9
