"""Case periods: parsed from ISO forms, shown to readers in Swedish."""

from __future__ import annotations

import pytest
from handbok.cases import parse_period, period_label, period_years


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("2017", "2017"),
        ("2019-03", "mars 2019"),
        ("2019-11-14", "14 november 2019"),
        ("2019-03/2019-04", "mars–april 2019"),
        ("2024-10-08/2024-10-10", "8–10 oktober 2024"),
        ("2023-05-09/2023-06-11", "9 maj – 11 juni 2023"),
        ("2017-01/2019-12", "januari 2017 – december 2019"),
        ("2017/2020", "2017–2020"),
        ("2018-06 – 2019", "juni 2018 – 2019"),
    ],
)
def test_period_label_in_swedish(raw, label):
    assert period_label(raw) == label


@pytest.mark.parametrize("raw", ["2019-13", "2019-02-30", "våren 2019", "2020/2019", "19-03"])
def test_malformed_period_is_rejected_and_shown_as_written(raw):
    assert parse_period(raw) is None
    assert period_label(raw) == raw


def test_a_case_belongs_to_every_year_its_period_touches():
    assert period_years(*parse_period("2019-11/2021-02")) == [2019, 2020, 2021]
