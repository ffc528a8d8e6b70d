"""Ruby's ``Time.parse``, which is how Jekyll reads every date.

``parse(string, zone, now)`` gives the moment Jekyll gives a front-matter ``date:``, a file
name's date or a ``defaults:`` date, in ``zone`` (the ``timezone`` of ``_config.yml``: Jekyll
runs with it as the local time zone). Fields the string does not name are taken from ``now``
down to the first one it names (``10:30`` is today at 10:30), the rest from the start of the
period (``2020-05`` is never parsed as a month, but ``May 2020`` is 1 May 2020 00:00). Days
past the end of a month run on into the next (``2021-02-30`` is 2 March), as Ruby's
``Time.local`` does; a month, hour, minute or second out of range is refused, as it is by
Jekyll (which then stops the whole build).
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from . import rubydate

# Ruby's Time::ZoneOffset, in hours.
ZONE_OFFSETS = {
    "UTC": 0,
    "Z": 0,
    "UT": 0,
    "GMT": 0,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    **dict(zip("ABCDEFGHIKLM", range(1, 13), strict=True)),
    **dict(zip("NOPQRSTUVWXY", range(-1, -13, -1), strict=True)),
}
NUMERIC_ZONE = re.compile(r"([+-])([0-9]{2})(:?)([0-9]{2})(?:\3([0-9]{2}))?")
LEAP_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


class TimeError(ValueError):
    """What Ruby's Time.parse says of a string it cannot read (Jekyll: "Invalid date")."""


@dataclass(frozen=True)
class Parsed:
    moment: datetime  # aware, in the zone it was read in (or its own offset)
    has_time: bool  # the string named a time of day, not only a day


def zone_offset(name, year, zone):
    """Ruby's ``Time.zone_offset``: seconds east of UTC, or None (the time is then local)."""
    name = name.upper()
    match = NUMERIC_ZONE.fullmatch(name)
    if match:
        sign = -1 if match[1] == "-" else 1
        return sign * ((int(match[2]) * 60 + int(match[4])) * 60 + int(match[5] or 0))
    if re.fullmatch(r"[+-][0-9]{2}", name):
        return int(name) * 3600
    if name in ZONE_OFFSETS:
        return ZONE_OFFSETS[name] * 3600
    for month in (1, 7):  # the local zone's own abbreviations, winter and summer
        try:
            local = datetime(year, month, 1, tzinfo=zone)
        except (ValueError, OverflowError):
            return None
        if (local.tzname() or "").upper() == name:
            return int(local.utcoffset().total_seconds())
    return None


def _month_days(year, month):
    """Days of ``month`` (Ruby's table look-up: month 0 is December's, 13 has none)."""
    if not -12 <= month - 1 < 12:
        return None
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return LEAP_MONTH_DAYS[month - 1] - (0 if leap or LEAP_MONTH_DAYS[month - 1] != 29 else 1)


def _wall_clock(year, mon, day, hour, minute, sec, usec):
    """Ruby's ``Time.utc``/``Time.local`` arguments as a naive datetime (days and a 60th
    second run on), or ``TimeError``."""
    for name, value, low, high in (
        ("mon", mon, 1, 12),
        ("mday", day, 1, 31),
        ("hour", hour, 0, 24),
        ("min", minute, 0, 59),
        ("sec", sec, 0, 60),
    ):
        if not low <= value <= high:
            raise TimeError(f"{name} out of range")
    if hour == 24 and (minute or sec or usec):
        raise TimeError("min out of range" if minute else "sec out of range")
    try:
        start = datetime(year, mon, 1)
    except ValueError:
        raise TimeError(f"year {year} is out of range") from None
    return start + timedelta(days=day - 1, hours=hour, minutes=minute, seconds=sec, microseconds=usec)


def _local(wall, zone):
    """``wall`` in ``zone`` as Ruby's ``Time.local`` places it: a time a clock change skips is
    read with the offset before the change, a time it repeats as the second (standard) one."""
    first, second = wall.replace(tzinfo=zone, fold=0), wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset() and second.astimezone(UTC).astimezone(zone) == second:
        return second
    return first


def _from_now(fields, now):
    """The fields, those not named up to the first named one taken from ``now``."""
    values = dict(fields)
    for key, attribute in (("year", "year"), ("mon", "month"), ("mday", "day"), ("hour", "hour")):
        if values.get(key) is not None:
            return values
        values[key] = getattr(now, attribute)
    for key, attribute in (("min", "minute"), ("sec", "second")):
        if values.get(key) is not None:
            return values
        values[key] = getattr(now, attribute)
    if values.get("sec_fraction") is None:
        values["usec"] = now.microsecond
    return values


def _make(fields, zone, now):
    """Ruby's ``Time.make_time`` without the day of the year."""
    name = fields.get("zone")
    off_year = fields.get("year", now.year)
    offset = zone_offset(name, off_year, zone) if name else None
    now = now.astimezone(timezone(timedelta(seconds=offset)) if offset is not None and abs(offset) < 86400 else zone)
    values = _from_now(fields, now)
    fraction = values.get("sec_fraction")
    usec = int(fraction * 1_000_000) if fraction is not None else values.get("usec", 0)

    def value(key, default):  # Ruby's ``x ||= default``: only a missing field takes it
        return default if values.get(key) is None else values[key]

    year = value("year", 1970)
    if year != off_year:
        offset = zone_offset(name, year, zone) if name else None
    clock = [year, value("mon", 1), value("mday", 1), value("hour", 0), value("min", 0), value("sec", 0)]
    if offset is None:
        return _local(_wall_clock(*clock, usec), zone)
    if abs(offset) >= 86400:
        raise TimeError("utc_offset out of range")
    moment = _wall_clock(*_apply_offset(clock, offset), usec).replace(tzinfo=UTC)
    return moment.astimezone(timezone(timedelta(seconds=offset)))


def _apply_offset(clock, offset):
    """Ruby's ``Time.apply_offset``: the UTC clock of ``clock`` at ``offset``, carried the way
    Ruby carries it (a day past the month's end is the 1st of the next, before the 1st the last
    day of the one before)."""
    year, mon, day, hour, minute, sec = clock
    sign = 1 if offset < 0 else -1  # what each part of the offset is added to the clock with
    rest, part = divmod(abs(offset), 60)
    if part:
        carry, sec = divmod(sec + sign * part, 60)
        rest += sign * carry
    rest, part = divmod(rest, 60)
    if part:
        carry, minute = divmod(minute + sign * part, 60)
        rest += sign * carry
    rest, part = divmod(rest, 24)
    if part:
        carry, hour = divmod(hour + sign * part, 24)
        rest += sign * carry
    if rest:
        day += sign * rest
        if sign > 0 and (days := _month_days(year, mon)) and days < day:
            mon, day = mon + 1, 1
            if mon > 12:
                mon, year = 1, year + 1
        elif sign < 0 and day < 1:
            mon -= 1
            if mon < 1:
                mon, year = 12, year - 1
            day = _month_days(year, mon)
    return year, mon, day, hour, minute, sec


def _make_with_yday(fields, zone, now):
    """The day of the year (``2020-060``) as Ruby finds it: first as month and day, then moved."""
    yday = fields["yday"]
    if not 1 <= yday <= 366:
        raise TimeError(f"yday {yday} out of range")
    month, day = divmod(yday - 1, 31)
    guess = {**fields, "mon": month + 1, "mday": day + 1}
    del guess["yday"]
    moment = _make(guess, zone, now)
    diff = yday - moment.timetuple().tm_yday
    if diff == 0:
        return moment
    month, day = month + 1, day + 1 + diff
    month_days = _month_days(fields.get("year", now.year), month)
    if day > 28 and day > month_days:
        month += 1
        if month > 12:
            raise TimeError(f"yday {yday} out of range")
        day -= month_days
    return _make({**guess, "mon": month, "mday": day}, zone, now)


TIME_FIELDS = ("year", "yday", "mon", "mday", "hour", "min", "sec", "sec_fraction")


def parse(string, zone, now=None):
    """``Time.parse(string)`` run in ``zone``: a ``Parsed``, or ``TimeError`` saying why not."""
    try:
        fields = {key: value for key, value in rubydate.parse(string).items() if value is not None}
    except ValueError as exc:
        raise TimeError(str(exc)) from None
    if not any(key in fields for key in TIME_FIELDS):
        raise TimeError(f"no time information in {string!r}")
    now = now or datetime.now(UTC)
    try:
        moment = (_make_with_yday if "yday" in fields else _make)(fields, zone, now)
    except OverflowError:
        raise TimeError(f"{string!r} is out of the range of dates") from None
    has_time = any(key in fields for key in ("hour", "min", "sec", "sec_fraction"))
    return Parsed(moment, has_time)
