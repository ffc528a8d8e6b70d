"""Values as Jekyll's Liquid shows them: times print the way Ruby prints them."""

import re
from datetime import datetime


class RubyTime(datetime):
    """A datetime that prints like Ruby's ``Time#to_s`` (``2020-06-19 00:00:00 +0800``) and
    formats with Ruby's strftime directives."""

    @classmethod
    def of(cls, moment, zone=None):
        if isinstance(moment, cls):
            return moment
        if moment.tzinfo is None and zone is not None:
            moment = moment.replace(tzinfo=zone)
        return cls(
            moment.year,
            moment.month,
            moment.day,
            moment.hour,
            moment.minute,
            moment.second,
            moment.microsecond,
            tzinfo=moment.tzinfo,
            fold=moment.fold,
        )

    def __str__(self):
        return self.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()

    def ruby_strftime(self, fmt):
        def directive(match):
            code = match.group(0)
            if code == "%L":
                return f"{self.microsecond // 1000:03d}"
            if code == "%N":
                return f"{self.microsecond * 1000:09d}"
            if code == "%:z":
                offset = self.strftime("%z")
                return f"{offset[:3]}:{offset[3:]}" if offset else ""
            return code  # "%%" stays for strftime

        return self.strftime(re.sub(r"%%|%:z|%L|%N", directive, fmt))
