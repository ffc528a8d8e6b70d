"""Dates as Jekyll users write them, and the moments and URLs they stand for."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from .errors import JekyllError
from .rubytime import TimeError
from .rubytime import parse as ruby_parse


@dataclass(frozen=True)
class Written:
    """A date as Jekyll read it: the moment (aware), and whether a time of day was written."""

    moment: datetime
    has_time: bool


def parse_date(value, zone, now=None):
    """A front-matter (or file name, or ``defaults:``) date read as Jekyll 4 reads it.

    Jekyll turns the YAML value into text and gives it to Ruby's ``Time.parse`` in the site's
    time zone (``rubytime``). YAML itself makes a timestamp of ``2025-06-19 10:56:26``: Ruby's
    YAML reads one without an offset as UTC, so Jekyll does too (a quoted one is local time).
    """
    if isinstance(value, bool) or value is None:
        raise JekyllError(f"bad date {value!r} (write it like 2025-06-19 10:56:26 +0800)")
    if isinstance(value, datetime):
        aware = value if value.utcoffset() is not None else value.replace(tzinfo=UTC)
        return Written(aware, True)
    text = value.isoformat() if isinstance(value, date) else str(value)
    try:
        parsed = ruby_parse(text, zone, now)
    except TimeError as exc:
        raise JekyllError(f"bad date {value!r}: Jekyll refuses it too ({exc})") from None
    return Written(parsed.moment, parsed.has_time)


def to_instant(written, site_zone):
    """When the post is published: the moment written; a day without a time is midnight of
    that day in the site's zone, so the post keeps that date in its URL."""
    if written.has_time:
        return written.moment
    return datetime.combine(written.moment.date(), time.min).replace(tzinfo=site_zone)


def wall_clock(written, zone):
    """The date and time Jekyll put in URLs (its local time is the site's ``timezone``), naive."""
    return written.moment.astimezone(zone).replace(tzinfo=None)


def as_written(written):
    """The date and time exactly as written (in the writer's own offset), naive."""
    return written.moment.replace(tzinfo=None)


def format_date(moment):
    """``2025-06-19 10:56:26 +0800``: how Jekyll writes dates, read back by both."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f %z" if moment.microsecond else "%Y-%m-%d %H:%M:%S %z")
