"""``jekyll.rubytime.parse`` reads every date string as Ruby's ``Time.parse`` (Jekyll's reader)
does: the same moment, or a refusal where Ruby refuses. Ruby itself is the oracle."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jekyll import rubytime

from .oracle import Ruby

NOW = datetime(2026, 3, 8, 6, 30, 15, 250000, tzinfo=UTC)  # a DST change in New York
ZONES = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin"]

# What people write in front matter and file names, and what Ruby reads oddly or refuses.
WRITTEN = [
    "2023-01-29 18:30:22 2023 -0800",
    "2025-06-19",
    "2025-6-9",
    "25-6-9",
    "2025/06/19",
    "2025/6/19 8:05",
    "06/19/2025",
    "19.06.2025",
    "2025.06.19",
    "2025-06-19 10:56",
    "2025-06-19 10:56:26",
    "2025-06-19 10:56:26 +0800",
    "2025-06-19 10:56:26 +08:00",
    "2025-06-19 10:56:26 +08",
    "2025-06-19 10:56:26 +8",
    "2025-06-19 10:56:26 GMT+8",
    "2025-06-19T10:56:26Z",
    "2025-06-19T10:56:26.123456+05:30",
    "2025-06-19 10:56:26 -0000",
    "2025-06-19 10:56:26 UTC",
    "2025-06-19 10:56:26 PST",
    "2025-06-19 10:56:26 CET",
    "2025-06-19 10:56:26 CEST",
    "2025-06-19 10:56:26 EST",
    "2025-06-19 10:56 pm",
    "2025-06-19 10pm",
    "2025-06-19 12:30 am",
    "Thu, 19 Jun 2025 10:56:26 +0000",
    "Thursday, June 19, 2025 at 10:56",
    "June 19, 2025",
    "19 June 2025",
    "19th June 2025 3pm",
    "5th of May 2020 3pm",
    "May 2020",
    "Jun 19",
    "10:30",
    "20250619",
    "20250619T105626",
    "20250619105626",
    "250619",
    "2025-170",
    "2025-366",
    "2024-366",
    "2025-W25-4",
    "--06-19",
    "R7.6.19",
    "H31.4.30",
    "'25 June 19",
    "19 Jun 44 BC",
    "2025-02-29",
    "2025-02-31 10:00",
    "2025-04-31",
    "2025-13-01",
    "2025-00-10",
    "2025-06-32",
    "2025-06-00",
    "2025-06-19 24:00",
    "2025-06-19 24:30",
    "2025-06-19 25:00",
    "2025-06-19 10:60",
    "2025-06-19 10:59:60",
    "2025-06-19 10:59:61",
    "2026-03-08 02:30",
    "2025-11-02 01:30",
    "2025",
    "1",
    "yesterday",
    "",
    "date",
    "2025-06-19 10:56:26 2025",
    "19/06/2025",
    "2025-06-19 (Thu) 10:56",
    "2025年6月19日",
    "2025-06-19 10:56:26.5",
    "2025-06-19 10h30",
    "0001-01-01",
    "9999-12-31 23:59:59",
    "2025-10-26 02:30",
]


@pytest.fixture(scope="module", params=ZONES)
def ruby(request):
    oracle = Ruby(request.param, int(NOW.timestamp()))
    oracle.zone = ZoneInfo(request.param)
    yield oracle
    oracle.close()


def ours(string, zone):
    try:
        moment = rubytime.parse(string, zone, NOW).moment
        utc = moment.astimezone(UTC)
    except rubytime.TimeError as exc:
        return f"ERROR {exc}"
    except OverflowError:
        return "RANGE"
    return f"{utc.year:04d}-" + utc.strftime("%m-%d %H:%M:%S.%f")


def agree(ruby, string):
    expected, got = ruby.parse(string), ours(string, ruby.zone)
    if expected.startswith("ERROR") or expected == "RANGE":
        assert got.startswith("ERROR") or got == "RANGE", (string, expected, got)
    else:
        assert got == expected, (string, expected, got)


@pytest.mark.parametrize("string", WRITTEN)
def test_written_dates_read_as_ruby_reads_them(ruby, string):
    agree(ruby, string)


TOKENS = st.sampled_from(
    [
        "-",
        "/",
        ".",
        ":",
        " ",
        "  ",
        ",",
        "T",
        "t",
        "Z",
        "'",
        "+",
        "[",
        "]",
        "@",
        "_",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "h",
        "m",
        "s",
        "st",
        "nd",
        "rd",
        "th",
        "w",
        "W",
        "BC",
        "b.c.",
        "AD",
        "ce",
        "GMT",
        "UTC",
        "utc",
        "PST",
        "EDT",
        "CET",
        "JST",
        "dst",
        "standard time",
        "daylight time",
        "Jan",
        "june",
        "Sept",
        "DECEMBER",
        "mon",
        "Tuesday",
        "sat",
        "of",
        "at",
        "M",
        "H",
        "R",
        "中",
        "é",
    ]  # fmt: skip
)
NUMBERS = st.integers(0, 99999999).map(str) | st.sampled_from(["0", "00", "05", "12", "24", "29", "31", "60", "99"])
DATE_LIKE = st.lists(TOKENS | NUMBERS, min_size=1, max_size=9).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DATE_LIKE)
def test_any_date_like_text_reads_as_ruby_reads_it(ruby, string):
    agree(ruby, string)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=30))
def test_any_text_reads_as_ruby_reads_it(ruby, string):
    agree(ruby, string)
