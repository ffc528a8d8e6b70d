"""Ruby's ``Date._parse``: the fields a date string names, found as Ruby finds them.

Jekyll reads every date (front matter, file names, ``defaults:``) with Ruby's ``Time.parse``,
which is ``Date._parse`` (this module) followed by ``rubytime.make_time``. ``Date._parse`` is a
heuristic: a series of sub-parsers, each looking for one shape anywhere in the text (a time, a
day and month name, ``2020-01-05``, ``1/5/2020``, ``20200105``...). The first date shape found
wins; each sub-parser blanks out the text it used, so the later ones see only the rest. That is
why ``2023-01-29 18:30:22 2023 -0800`` is 18:30:22 local time for Jekyll: the time is taken
first (``2023`` is no zone), then the date, and ``2023 -0800`` is left over, unread.

Written from the behaviour of Ruby 3.1 (checked against ``ruby`` itself in
``tests/jekyll/test_rubytime.py``). Patterns spell ``[0-9]`` and Ruby's ASCII white space
because Python's ``\\d`` and ``\\s`` also match other scripts' digits and spaces.
"""

import re
from fractions import Fraction

DAYS = "sun|mon|tue|wed|thu|fri|sat"
MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
ERA = r"(c(?:e|\.e\.)|b(?:ce|\.c\.e\.)|a(?:d|\.d\.)|b(?:c|\.c\.))?"
JAPANESE_ERAS = {"m": 1867, "t": 1911, "s": 1925, "h": 1988, "r": 2018}
SP = r"[\t\n\v\f\r ]"  # Ruby's \s
ALPHA = r"[^\W\d_]"  # [[:alpha:]]


def _rx(pattern, ignore_case=True):
    return re.compile(pattern, re.I if ignore_case else 0)


# Anything but letters, digits and -+',./:@[] is a separator.
SEPARATORS = re.compile(r"(?:[^-+',./:@\[\]\w]|_)+")

DAY = _rx(rf"\b({DAYS})[^-/0-9\t\n\v\f\r ]*")
TIME = _rx(
    rf"((?:[0-9]+{SP}*:{SP}*[0-9]+(?:{SP}*:{SP}*[0-9]+(?:[,.][0-9]*)?)?"
    rf"|[0-9]+{SP}*h(?:{SP}*[0-9]+m?(?:{SP}*[0-9]+s?)?)?)"
    rf"(?:{SP}*[ap](?:m\b|\.m\.))?"
    rf"|[0-9]+{SP}*[ap](?:m\b|\.m\.))"
    rf"(?:{SP}*((?:gmt|utc?)?[-+][0-9]+(?:[,.:][0-9]+(?::[0-9]+)?)?"
    rf"|(?-i:(?:{ALPHA}|[.\t\n\v\f\r ])+)(?:standard|daylight){SP}time\b"
    rf"|(?-i:{ALPHA}+)(?:{SP}dst)?\b))?"
)
TIME_PARTS = _rx(
    rf"\A([0-9]+)h?(?:{SP}*:?{SP}*([0-9]+)m?(?:{SP}*:?{SP}*([0-9]+)(?:[,.]([0-9]+))?s?)?)?"
    rf"(?:{SP}*([ap])(?:m\b|\.m\.))?"
)
EU = _rx(
    rf"('?[0-9]+)[^-0-9\t\n\v\f\r ]*{SP}*({MONTHS})[^-0-9\t\n\v\f\r ']*"
    rf"(?:{SP}*{ERA}{SP}*('?-?[0-9]+(?:(?:st|nd|rd|th)\b)?))?"
)
US = _rx(
    rf"\b({MONTHS})[^-0-9\t\n\v\f\r ']*{SP}*('?[0-9]+)[^-0-9\t\n\v\f\r ']*"
    rf"(?:{SP}*,?{SP}*{ERA}{SP}*('?-?[0-9]+))?"
)
ISO = _rx(r"('?[-+]?[0-9]+)-([0-9]+)-('?-?[0-9]+)", ignore_case=False)
ISO21 = _rx(r"\b([0-9]{2}|[0-9]{4})?-?w([0-9]{2})(?:-?([0-9]))?\b")
ISO22 = _rx(r"-w-([0-9])\b")
ISO23 = _rx(r"--([0-9]{2})?-([0-9]{2})\b", ignore_case=False)
ISO24 = _rx(r"--([0-9]{2})([0-9]{2})?\b", ignore_case=False)
ISO25_NOT = _rx(r"[,.]([0-9]{2}|[0-9]{4})-[0-9]{3}\b", ignore_case=False)
ISO25 = _rx(r"\b([0-9]{2}|[0-9]{4})-([0-9]{3})\b", ignore_case=False)
ISO26_NOT = _rx(r"[0-9]-[0-9]{3}\b", ignore_case=False)
ISO26 = _rx(r"\b-([0-9]{3})\b", ignore_case=False)
JIS = _rx(r"\b([mtshr])([0-9]+)\.([0-9]+)\.([0-9]+)")
VMS11 = _rx(rf"('?-?[0-9]+)-({MONTHS})[^-/.]*-('?-?[0-9]+)")
VMS12 = _rx(rf"\b({MONTHS})[^-/.]*-('?-?[0-9]+)(?:-('?-?[0-9]+))?")
SLASH = _rx(rf"('?-?[0-9]+)/{SP}*('?[0-9]+)(?:[^0-9]{SP}*('?-?[0-9]+))?")
DOT = _rx(rf"('?-?[0-9]+)\.{SP}*('?[0-9]+)\.{SP}*('?-?[0-9]+)")
YEAR = _rx(r"'([0-9]+)\b", ignore_case=False)
MONTH = _rx(rf"\b({MONTHS})[^\t\n\v\f\r ]*")
MDAY = _rx(r"([0-9]+)(st|nd|rd|th)\b")
DIGITS = _rx(
    rf"([-+]?)([0-9]{{2,14}})(?:{SP}*t?{SP}*([0-9]{{2,6}})?(?:[,.]([0-9]*))?)?"
    rf"(?:{SP}*(z\b|[-+][0-9]{{1,4}}\b|\[[-+]?[0-9][^\]]*\]))?"
)
BC = _rx(r"\b(bc\b|bce\b|b\.c\.|b\.c\.e\.)")
FRAGMENT = _rx(rf"\A{SP}*([0-9]{{1,2}}){SP}*\Z")


class _Text:
    """The string being read; each sub-parser blanks out (with one space) what it used."""

    def __init__(self, text):
        self.text = text

    def take(self, pattern):
        match = pattern.search(self.text)
        if match:
            self.text = self.text[: match.start()] + " " + self.text[match.end() :]
        return match

    def has(self, *kinds):
        found = {
            "alpha": re.search("[A-Za-z]", self.text),
            "digit": re.search("[0-9]", self.text),
            "dash": "-" in self.text,
            "dot": "." in self.text,
            "slash": "/" in self.text,
        }
        return all(found[kind] for kind in kinds)


def _number(text):
    """Ruby's ``to_i`` of a sign and digits (``"-"`` alone is 0)."""
    digits = text.lstrip("+-")
    return (-1 if text.startswith("-") else 1) * int(digits) if digits else 0


def _month_number(name):
    return MONTHS.split("|").index(name[:3].lower()) + 1


def _first_sign_or_digit(text):
    for i, char in enumerate(text):
        if char in "+-" or char.isascii() and char.isdigit():
            return i
    return None


def _digit_run(text, start):
    end = start
    while end < len(text) and "0" <= text[end] <= "9":
        end += 1
    return end


def _order(y, m, d):
    """Which of three fields is the year, the month and the day (Ruby's ``s3e`` guesses)."""
    if y is not None and m is not None and d is None:
        y, m, d = None, y, m
    if y is None:
        if d is not None and len(d) > 2:
            y, d = d, None
        if d is not None and d.startswith("'"):
            y, d = d, None
    if y is not None:
        start = _first_sign_or_digit(y)
        if start is not None:
            end = _digit_run(y, start + (y[start] in "+-"))
            if end < len(y):
                y, d = d, y[start:end]
    if m is not None and (m.startswith("'") or len(m) > 2):
        y, m, d = m, d, y
    if d is not None and (d.startswith("'") or len(d) > 2):
        y, d = d, y
    return y, m, d


def _set_date(fields, y, m, d, bc=False):
    """Ruby's ``s3e``: the year, month and day of three written fields."""
    m = None if m is None else str(m)
    y, m, d = _order(y, m, d)
    if y is not None:
        start = _first_sign_or_digit(y)
        if start is not None:
            signed = y[start] in "+-"
            end = _digit_run(y, start + signed)
            if signed or end - start - signed > 2:
                fields["_comp"] = False
            fields["year"] = _number(y[start:end])
    if bc:
        fields["_bc"] = True
    for key, value in (("mon", m), ("mday", d)):
        if value is not None:
            digits = re.search("[0-9]+", value)
            if digits:
                fields[key] = int(digits.group(0))


def _era_is_bc(era):
    return bool(era) and era[0] in "Bb"


def _time(fields, match):
    if match.group(2) is not None:
        fields["zone"] = match.group(2)
    parts = TIME_PARTS.match(match.group(1))
    if not parts:
        return
    hour, minute, second, fraction, meridian = parts.groups()
    hour = int(hour)
    if meridian is not None:
        if hour >= 2**31:  # Ruby reads it as a C int here
            raise ValueError(f"integer {hour} too big to convert to `int'")
        hour = hour % 12 + (12 if meridian in "Pp" else 0)
    fields["hour"] = hour
    if minute is not None:
        fields["min"] = int(minute)
    if second is not None:
        fields["sec"] = int(second)
    if fraction is not None:
        fields["sec_fraction"] = Fraction(int(fraction), 10 ** len(fraction))


def _iso2(text, fields):
    """ISO 8601 week dates, ``--mm-dd`` and ordinal dates; True when one was found."""
    match = text.take(ISO21)
    if match:
        year, week, day = match.groups()
        if year is not None:
            fields["cwyear"] = int(year)
        fields["cweek"] = int(week)
        if day is not None:
            fields["cwday"] = int(day)
        return True
    match = text.take(ISO22)
    if match:
        fields["cwday"] = int(match.group(1))
        return True
    for pattern in (ISO23, ISO24):
        match = text.take(pattern)
        if match:
            month, day = match.groups()
            if month is not None:
                fields["mon"] = int(month)
            if day is not None:
                fields["mday"] = int(day)
            return True
    if not ISO25_NOT.search(text.text):
        match = text.take(ISO25)
        if match:
            fields["year"], fields["yday"] = int(match.group(1)), int(match.group(2))
            return True
    if not ISO26_NOT.search(text.text):
        match = text.take(ISO26)
        if match:
            fields["yday"] = int(match.group(1))
            return True
    return False


def _digits_date(fields, run, sign):
    """The date part of a run of digits (``20200105``, ``200105``, ``2020005``...)."""

    def n(start, width):
        return int(run[start : start + width])

    def year(value):
        return -value if sign == "-" else value

    length = len(run)
    if length == 2:
        fields["mday"] = n(0, 2)
    elif length == 4:
        fields["mon"], fields["mday"] = n(0, 2), n(2, 2)
    elif length == 6:
        fields["year"], fields["mon"], fields["mday"] = year(n(0, 2)), n(2, 2), n(4, 2)
    elif length in (8, 10, 12, 14):
        fields["year"], fields["mon"], fields["mday"] = year(n(0, 4)), n(4, 2), n(6, 2)
        for key, start in (("hour", 8), ("min", 10), ("sec", 12)):
            if length >= start + 2:
                fields[key] = n(start, 2)
        fields["_comp"] = False
    elif length == 3:
        fields["yday"] = n(0, 3)
    elif length == 5:
        fields["year"], fields["yday"] = year(n(0, 2)), n(2, 3)
    elif length == 7:
        fields["year"], fields["yday"] = year(n(0, 4)), n(4, 3)


# For each length of a run of digits read as a time: the fields, each as (start from the end, width).
_TIME_DIGITS = {
    2: (("sec", 2, 2),),
    3: (("sec", 2, 2), ("min", 3, 1)),
    4: (("sec", 2, 2), ("min", 4, 2)),
    5: (("sec", 2, 2), ("min", 4, 2), ("hour", 5, 1)),
    6: (("sec", 2, 2), ("min", 4, 2), ("hour", 6, 2)),
    7: (("sec", 2, 2), ("min", 4, 2), ("hour", 6, 2), ("mday", 7, 1)),
    8: (("sec", 2, 2), ("min", 4, 2), ("hour", 6, 2), ("mday", 8, 2)),
}
for _length in (10, 12, 14):
    _TIME_DIGITS[_length] = _TIME_DIGITS[8] + (("mon", 10, 2),)


def _digits_time(fields, run, sign):
    """A run of digits read as a time, when a fraction follows it (``103000.5``)."""
    length = len(run)
    for key, back, width in _TIME_DIGITS.get(length, ()):
        fields[key] = int(run[length - back : length - back + width])
    if length in (12, 14):
        width = length - 10
        fields["year"] = -int(run[:width]) if sign == "-" else int(run[:width])
    if length == 14:
        fields["_comp"] = False


def _digits(fields, match):
    """Ruby's ``parse_ddd``: digits, maybe followed by a time, a fraction and a zone."""
    sign, run, time_run, fraction, zone = match.groups()
    if time_run is None and fraction is not None:
        _digits_time(fields, run, sign)
    else:
        _digits_date(fields, run, sign)
    if time_run is not None:
        length = len(time_run)
        if length in (2, 4, 6):
            keys = ("sec", "min", "hour") if fraction is not None else ("hour", "min", "sec")
            pairs = [time_run[i : i + 2] for i in range(0, length, 2)]
            if fraction is not None:
                pairs.reverse()
            for key, pair in zip(keys, pairs, strict=False):
                fields[key] = int(pair)
    if fraction is not None:
        fields["sec_fraction"] = Fraction(int(fraction or 0), 10 ** len(fraction))
    if zone is not None:
        fields["zone"] = _bracket_zone(zone) if zone.startswith("[") else zone


def _bracket_zone(zone):
    inner = zone[1:-1]
    return inner.split(":", 1)[1] if ":" in inner else inner


def _date_shapes(text, fields):
    """The first date shape found in ``text``; True when one was."""
    if text.has("alpha", "digit"):
        match = text.take(EU)
        if match:
            day, month, era, year = match.groups()
            _set_date(fields, year, _month_number(month), day, _era_is_bc(era))
            return True
        match = text.take(US)
        if match:
            month, day, era, year = match.groups()
            _set_date(fields, year, _month_number(month), day, _era_is_bc(era))
            return True
    if text.has("digit", "dash"):
        match = text.take(ISO)
        if match:
            _set_date(fields, *match.groups())
            return True
    if text.has("digit", "dot"):
        match = text.take(JIS)
        if match:
            era, year, month, day = match.groups()
            fields["year"] = int(year) + JAPANESE_ERAS[era.lower()]
            fields["mon"], fields["mday"] = int(month), int(day)
            return True
    return _more_date_shapes(text, fields)


def _more_date_shapes(text, fields):
    if text.has("alpha", "digit", "dash"):
        match = text.take(VMS11)
        if match:
            day, month, year = match.groups()
            _set_date(fields, year, _month_number(month), day)
            return True
        match = text.take(VMS12)
        if match:
            month, day, year = match.groups()
            _set_date(fields, year, _month_number(month), day)
            return True
    for kinds, pattern in ((("digit", "slash"), SLASH), (("digit", "dot"), DOT)):
        if text.has(*kinds):
            match = text.take(pattern)
            if match:
                _set_date(fields, *match.groups())
                return True
    return _last_resorts(text, fields)


def _last_resorts(text, fields):
    if text.has("digit") and _iso2(text, fields):
        return True
    if text.has("digit"):
        match = text.take(YEAR)
        if match:
            fields["year"] = int(match.group(1))
            return True
    if text.has("alpha"):
        match = text.take(MONTH)
        if match:
            fields["mon"] = _month_number(match.group(1))
            return True
    if text.has("digit"):
        match = text.take(MDAY)
        if match:
            fields["mday"] = int(match.group(1))
            return True
        match = text.take(DIGITS)
        if match:
            _digits(fields, match)
            return True
    return False


def _fragment(text, fields):
    """A lone one- or two-digit number left over: the day of a time, or the hour of a day."""
    match = text.take(FRAGMENT)
    if not match:
        return
    number = int(match.group(1))
    if "hour" in fields and "mday" not in fields and 1 <= number <= 31:
        fields["mday"] = number
    if "mday" in fields and "hour" not in fields and 0 <= number <= 24:
        fields["hour"] = number


def _complete_years(fields):
    if fields.pop("_bc", False):
        for key in ("cwyear", "year"):
            if key in fields:
                fields[key] = -fields[key] + 1
    if fields.pop("_comp"):
        for key in ("cwyear", "year"):
            if key in fields and 0 <= fields[key] <= 99:
                fields[key] += 1900 if fields[key] >= 69 else 2000


def parse(string):
    """``Date._parse(string)``: a dict of the fields found (``year``, ``mon``, ``mday``,
    ``yday``, ``hour``, ``min``, ``sec``, ``sec_fraction``, ``zone``, ``cw*``...)."""
    text = _Text(SEPARATORS.sub(" ", string))
    fields = {"_comp": True}
    if text.has("alpha"):
        text.take(DAY)
    if text.has("digit"):
        match = text.take(TIME)
        if match:
            _time(fields, match)
    _date_shapes(text, fields)
    if text.has("alpha") and text.take(BC):
        fields["_bc"] = True
    if text.has("digit"):
        _fragment(text, fields)
    _complete_years(fields)
    return fields
