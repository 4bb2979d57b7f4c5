"""Fixed vocabularies of the demo world: names, places, products, campaigns, events.

Everything here is static data or is derived from one seeded random generator, so the same
seed always yields the same world.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

START = datetime(2025, 1, 1)
END = datetime(2026, 6, 30, 23, 59, 59)
SPAN_SECONDS = int((END - START).total_seconds())

SITE = "https://www.assoc-demo.org"

# first name -> nicknames and short forms that mean the same person; surnames (data: names.json)
_NAMES = json.loads((Path(__file__).with_name("names.json")).read_text(encoding="utf-8"))
FIRST_NAMES: dict[str, list[str]] = _NAMES["first_names"]
LAST_NAMES: list[str] = _NAMES["last_names"]

PERSONAL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "proton.me",
                    "aol.com", "comcast.net"]
ORG_DOMAINS = ["acme-health.org", "northwind.com", "contoso.org", "globex.net", "initech.com",
               "umbrella-research.org", "stark-labs.com", "wayne-foundation.org", "cyberdyne.io",
               "hooli.com", "vandelay.com", "tyrell.org", "oscorp.net", "pied-piper.io", "soylent.org"]
GENERIC_EMAILS = ["test@test.com", "noreply@assoc-demo.org", "none@none.com", "na@na.com"]

# country -> (weight, currency, time zones, phone generator kind)
COUNTRIES: dict[str, tuple[float, str, list[str]]] = {
    "US": (0.78, "USD", ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"]),
    "CA": (0.07, "CAD", ["America/Toronto", "America/Vancouver"]),
    "GB": (0.09, "GBP", ["Europe/London"]),
    "DE": (0.03, "EUR", ["Europe/Berlin"]),
    "FR": (0.03, "EUR", ["Europe/Paris"]),
}
US_AREA_CODES = ["212", "312", "415", "617", "202", "303", "404", "512", "206", "718", "213", "305",
                 "602", "214", "503", "612", "919", "801", "702", "615"]
CA_AREA_CODES = ["416", "604", "514", "403", "613"]

APPROX_USD_PER_UNIT = {"USD": 1.0, "EUR": 1.08, "GBP": 1.27, "CAD": 0.74}


@dataclass(frozen=True)
class Product:
    sku: str
    category: str
    usd_price: float


PRODUCTS = [
    Product("PUB-HANDBOOK-2025", "publication", 89.0),
    Product("PUB-JOURNAL-SUB", "publication", 120.0),
    Product("PUB-GUIDE-ETHICS", "publication", 35.0),
    Product("PUB-GUIDE-CAREER", "publication", 29.0),
    Product("EBK-DATA-PRIMER", "ebook", 19.0),
    Product("EBK-LEADERSHIP", "ebook", 24.0),
    Product("MER-TOTE", "merchandise", 25.0),
    Product("MER-MUG", "merchandise", 18.0),
    Product("MER-HOODIE", "merchandise", 55.0),
]

MEMBERSHIP_FEES_USD = {"individual": 195.0, "student": 65.0, "corporate": 750.0}


def local_price(usd: float, currency: str) -> float:
    """Price list in a local currency: converted and rounded to a .00 or .50 shelf price."""
    return round(round(usd / APPROX_USD_PER_UNIT[currency] * 2) / 2, 2)


@dataclass
class EmailCampaign:
    campaign_id: str
    name: str
    kind: str  # newsletter, event_promo, appeal, renewal, publication
    sent_at: datetime
    slug: str
    event_id: str | None = None


@dataclass
class Event:
    event_id: str
    name: str
    event_type: str  # conference, webinar, workshop
    start_utc: datetime
    venue_tz: str
    currency: str
    prices: dict[str, float] = field(default_factory=dict)
    slug: str = ""


@dataclass
class AdCampaign:
    platform: str
    name: str
    ad_groups: list[str]
    account_tz: str
    currency: str
    cpc_usd: float


@dataclass
class MailCampaign:
    code: str
    mailed_on: date
    kind: str  # appeal, membership, catalog


def month_starts() -> list[datetime]:
    out, d = [], START
    while d <= END:
        out.append(d)
        d = datetime(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def build_events(rng: random.Random) -> list[Event]:
    events: list[Event] = []
    n = 0

    def add(name: str, etype: str, start: datetime, tz: str, cur: str, prices: dict[str, float]) -> None:
        nonlocal n
        n += 1
        slug = name.lower().replace(" ", "-").replace(":", "")
        events.append(Event(f"EV-{n:04d}", name, etype, start, tz, cur, prices, slug))

    conf_prices = {"member": 395.0, "non_member": 595.0, "student": 145.0, "speaker": 0.0}
    add("Annual Conference 2025", "conference", datetime(2025, 10, 14, 13, 0), "America/Chicago", "USD",
        conf_prices)
    add("European Summit 2026", "conference", datetime(2026, 3, 18, 9, 0), "Europe/London", "GBP",
        {"member": 295.0, "non_member": 450.0, "student": 110.0, "speaker": 0.0})
    add("Annual Conference 2026", "conference", datetime(2026, 5, 12, 13, 0), "America/Chicago", "USD",
        conf_prices)
    topics = ["Data Ethics", "Career Paths", "Grant Writing", "Member Spotlight", "Policy Update",
              "Research Methods", "Leadership", "Volunteer Onboarding", "Tech Trends", "Mentoring"]
    for i, m in enumerate(month_starts()):
        day = m + timedelta(days=9 + rng.randint(0, 12), hours=17)
        add(f"Webinar: {topics[i % len(topics)]} {m:%b %Y}", "webinar", day, "America/New_York", "USD",
            {"member": 0.0, "non_member": 0.0, "free": 0.0})
    workshops = [("Workshop: Analytics Bootcamp", datetime(2025, 4, 8, 14), "America/New_York", "USD"),
                 ("Workshop: Fundraising Basics", datetime(2025, 6, 17, 15), "America/Los_Angeles", "USD"),
                 ("Workshop: Board Governance", datetime(2025, 9, 9, 8), "Europe/Berlin", "EUR"),
                 ("Workshop: Public Speaking", datetime(2025, 11, 18, 14), "America/Toronto", "CAD"),
                 ("Workshop: Analytics Bootcamp II", datetime(2026, 2, 10, 14), "America/New_York", "USD"),
                 ("Workshop: Writing for Impact", datetime(2026, 4, 21, 9), "Europe/London", "GBP"),
                 ("Workshop: Volunteer Leadership", datetime(2026, 6, 9, 15), "America/Chicago", "USD")]
    for name, start, tz, cur in workshops:
        base = {"member": 120.0, "non_member": 180.0, "student": 60.0}
        add(name, "workshop", start, tz, cur, {k: local_price(v, cur) for k, v in base.items()})
    events.sort(key=lambda e: e.start_utc)
    return events


def build_email_campaigns(events: list[Event]) -> list[EmailCampaign]:
    out: list[EmailCampaign] = []
    for m in month_starts():
        out.append(EmailCampaign(f"EM-{m:%Y%m}-NEWS", f"Monthly Newsletter {m:%B %Y}", "newsletter",
                                 m + timedelta(days=2, hours=14), f"newsletter-{m:%Y-%m}"))
        if m.month in (3, 11, 12):
            out.append(EmailCampaign(f"EM-{m:%Y%m}-APPEAL", f"Giving Appeal {m:%B %Y}", "appeal",
                                     m + timedelta(days=16, hours=15), f"appeal-{m:%Y-%m}"))
        if m.month in (2, 6, 9):
            out.append(EmailCampaign(f"EM-{m:%Y%m}-PUBS", f"New Publications {m:%B %Y}", "publication",
                                     m + timedelta(days=20, hours=13), f"publications-{m:%Y-%m}"))
        out.append(EmailCampaign(f"EM-{m:%Y%m}-RENEW", f"Renewal Reminder {m:%B %Y}", "renewal",
                                 m + timedelta(days=24, hours=12), f"renewal-{m:%Y-%m}"))
    for ev in events:
        sent = ev.start_utc - timedelta(days=21 if ev.event_type != "webinar" else 10)
        if START <= sent <= END:
            out.append(EmailCampaign(f"EM-{ev.event_id}", f"Invitation: {ev.name}", "event_promo", sent,
                                     f"invite-{ev.slug}"[:60], ev.event_id))
    out.sort(key=lambda c: c.sent_at)
    return out


AD_CAMPAIGNS = [
    AdCampaign("google_ads", "Search - Brand", ["brand exact", "brand phrase"], "America/New_York", "USD", 1.1),
    AdCampaign("google_ads", "Search - Membership", ["join association", "professional membership"],
               "America/New_York", "USD", 3.4),
    AdCampaign("google_ads", "Search - Events", ["conference", "webinar"], "America/New_York", "USD", 2.6),
    AdCampaign("meta_ads", "Prospecting - Lookalike", ["lookalike 1pct", "interest data"],
               "America/Los_Angeles", "USD", 0.9),
    AdCampaign("meta_ads", "Retargeting - Site Visitors", ["visitors 30d", "cart abandoners"],
               "America/Los_Angeles", "USD", 0.7),
    AdCampaign("linkedin_ads", "B2B - Corporate Membership", ["hr leaders", "directors"], "Europe/London",
               "GBP", 6.5),
    AdCampaign("linkedin_ads", "Conference - Sponsored Content", ["senior practitioners"], "Europe/London",
               "EUR", 5.2),
]

MAIL_CAMPAIGNS = [
    MailCampaign("DM25SPR", date(2025, 3, 10), "membership"),
    MailCampaign("DM25CAT", date(2025, 8, 25), "catalog"),
    MailCampaign("DM25YE", date(2025, 11, 17), "appeal"),
    MailCampaign("DM26SPR", date(2026, 3, 9), "membership"),
]

SOCIAL_MESSAGES = {
    "positive": ["Loved the webinar today, thanks {org}!", "Great keynote at the conference",
                 "The new handbook is excellent", "Proud to be a member of {org}", "Thanks for the quick help!"],
    "neutral": ["Does anyone know when registration opens?", "Sharing this from {org}",
                "What time does the webinar start?", "Reading the latest newsletter", "Is the journal online?"],
    "negative": ["Still waiting for a reply from support, {org}", "My renewal was charged twice??",
                 "The event app keeps crashing", "Never got my order from {org}", "Disappointed with the session"],
}
