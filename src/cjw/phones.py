"""Phone numbers to E.164 with Google's libphonenumber rules (the `phonenumbers` package)."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers
import phonenumbers.timezone


@lru_cache(maxsize=500_000)
def to_e164(raw: str | None, default_region: str | None = None) -> str | None:
    """E.164 form of a human-written phone number, or None when it is not a possible number.

    The default region (ISO-3166 alpha-2, e.g. the record's country) decides how a national
    format such as `020 7946 0018` is read; without one, US.
    """
    if raw is None:
        return None
    text = raw.strip()
    if not text:
        return None
    region = (default_region or "US").strip().upper() or "US"
    try:
        num = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=500_000)
def time_zone_of(e164: str | None) -> str | None:
    """The IANA time zone of an E.164 number when libphonenumber's geography names exactly one
    (a US area code, a London landline), else None (mobiles of several zones, unknown prefixes)."""
    if not e164:
        return None
    try:
        num = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    zones = [z for z in phonenumbers.timezone.time_zones_for_number(num) if z != "Etc/Unknown"]
    return zones[0] if len(zones) == 1 else None
