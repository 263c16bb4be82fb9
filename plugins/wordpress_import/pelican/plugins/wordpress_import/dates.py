"""WordPress dates -> metadata dates Pelican and the reply archive read correctly.

WordPress stores each date twice: in the blog's local time (`post_date`) and
in UTC (`post_date_gmt`). Their difference is the blog's UTC offset on that
day, so the date is written in local time *with* that offset — the day the
author saw, and the right instant for feeds. With only the local time
(drafts have "0000-00-00 00:00:00" as UTC date) the date is written without
an offset and Pelican reads it in the site's TIMEZONE.
"""

from __future__ import annotations

import datetime
import email.utils

WP_FORMAT = "%Y-%m-%d %H:%M:%S"
QUARTER_HOUR = 15 * 60


def _parse(value: str) -> datetime.datetime | None:
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    try:
        return datetime.datetime.strptime(value, WP_FORMAT)
    except ValueError:
        return None


def wordpress_date(local: str, gmt: str, rfc822: str = "") -> datetime.datetime | None:
    """The date of a post or comment; aware when WordPress gives enough to know the offset."""
    when, utc = _parse(local), _parse(gmt)
    if when and utc:
        seconds = round((when - utc).total_seconds() / QUARTER_HOUR) * QUARTER_HOUR
        if abs(seconds) <= 14 * 3600:
            return when.replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=seconds)))
        return utc.replace(tzinfo=datetime.UTC)
    if when:
        return when
    if utc:
        return utc.replace(tzinfo=datetime.UTC)
    if rfc822.strip():
        try:
            parsed = email.utils.parsedate_to_datetime(rfc822.strip())
        except (TypeError, ValueError):
            return None
        # Drafts carry the Unix epoch as their RSS date.
        return parsed if parsed.year > 1970 else None
    return None


def metadata_date(when: datetime.datetime) -> str:
    """'2012-04-18 03:36:26-05:00' (or without the offset for a naive date)."""
    return when.isoformat(sep=" ")
