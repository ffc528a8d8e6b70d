"""Dates as Jekyll users write them, and the moments and URLs they stand for."""

import re
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone

from .errors import JekyllError

_DATE_STRING = re.compile(
    r"""^\s*(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})
        (?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?
        \s*(?P<tz>[Zz]|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.X,
)


def parse_date(value):
    """A front-matter date as written: a ``date``, or a naive or aware ``datetime``.

    Accepts YAML dates and timestamps and the strings Jekyll users write:
    ``2025-06-19``, ``2025-06-19 10:56``, ``2025-06-19 10:56:26 +0800``,
    ``2025-06-19T10:56:26+08:00``, ``...Z``.
    """
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise JekyllError(f"bad date {value!r} (write it like 2025-06-19 10:56:26 +0800)")
    match = _DATE_STRING.match(value)
    if not match:
        raise JekyllError(f"bad date {value!r} (write it like 2025-06-19 10:56:26 +0800)")
    g = match.groupdict()
    try:
        day = date(int(g["y"]), int(g["m"]), int(g["d"]))
        if g["H"] is None:
            if g["tz"]:
                raise ValueError("an offset needs a time")
            return day
        moment = datetime.combine(
            day, time(int(g["H"]), int(g["M"]), int(g["S"] or 0), int((g["f"] or "0")[:6].ljust(6, "0")))
        )
    except ValueError as exc:
        raise JekyllError(f"bad date {value!r}: {exc}") from None
    tz = g["tz"]
    if tz:
        if tz.upper() in ("Z", "UTC", "GMT"):
            offset = timedelta(0)
        else:
            digits = tz[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
            if hours > 23 or minutes > 59:
                raise JekyllError(f"bad date {value!r}: offset out of range")
            offset = timedelta(hours=hours, minutes=minutes) * (-1 if tz[0] == "-" else 1)
        moment = moment.replace(tzinfo=dt_timezone(offset))
    return moment


def to_instant(written, zone, site_zone):
    """The aware moment of a written date.

    A date without a time names a day: midnight of that day in the site's
    zone, so the post keeps that date in its URL. A time without an offset is
    in ``zone`` (the Jekyll site's ``timezone``, else the site's own).
    """
    if isinstance(written, datetime):
        if written.tzinfo is None or written.utcoffset() is None:
            return written.replace(tzinfo=zone)
        return written
    return datetime.combine(written, time.min).replace(tzinfo=site_zone)


def wall_clock(written, zone):
    """The date and time Jekyll would have put in URLs, naive."""
    if isinstance(written, datetime):
        if written.tzinfo is None or written.utcoffset() is None:
            return written
        return written.astimezone(zone).replace(tzinfo=None)
    return datetime.combine(written, time.min)


def as_written(written):
    """The date and time exactly as written (in the writer's own offset), naive."""
    if isinstance(written, datetime):
        return written.replace(tzinfo=None)
    return datetime.combine(written, time.min)


def format_date(moment):
    """``2025-06-19 10:56:26 +0800``: how Jekyll writes dates, read back by both."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f %z" if moment.microsecond else "%Y-%m-%d %H:%M:%S %z")
