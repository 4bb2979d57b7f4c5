"""The demo world: people of a professional association and everything they do over 18 months.

`generate()` simulates N people, each with their own seeded random generator (so chunks are
independent and the output is deterministic), and writes the 12 raw exports of the input
contract plus ground truth (the person behind every line, the planted defects, true UTC times
and USD amounts, the identifiers of every person and the shared ones).

Behaviour is planted on purpose so the warehouse has something true to find: webinars and event
attendance raise conversion and renewal, a `bad` support rating, a detractor score or a
cancellation lowers renewal, email and search bring most journeys, paid social converts poorly.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from ..phones import time_zone_of
from . import catalog as C
from .sink import Row, Sink
from .texts import compose

UTC = ZoneInfo("UTC")
B36 = string.digits + string.ascii_lowercase
B62 = string.digits + string.ascii_letters


def b36(n: int, width: int) -> str:
    s = ""
    while n:
        n, r = divmod(n, 36)
        s = B36[r] + s
    return s.rjust(width, "0")


def rand_token(rng: random.Random, n: int, alphabet: str = B62) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def iso_z(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def naive(t: datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M:%S")


def iso_offset(t: datetime, tz: str) -> str:
    local = t.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
    return local.isoformat(timespec="seconds")


def us_ampm(t: datetime) -> str:
    return t.strftime("%m/%d/%Y %I:%M:%S %p")


def epoch_micros(t: datetime, micro: int) -> str:
    return str(int(t.replace(tzinfo=UTC).timestamp()) * 1_000_000 + micro)


class Fx:
    """Business-day rates for EUR, GBP, CAD; lookups take the rate of the day or the latest earlier day."""

    def __init__(self, rng: random.Random) -> None:
        self.rates: dict[str, dict[date, Decimal]] = {}
        first = (C.START - timedelta(days=3 * 365 + 40)).date()
        last = C.END.date()
        for cur in ("EUR", "GBP", "CAD"):
            level = C.APPROX_USD_PER_UNIT[cur]
            d, table = first, {}
            while d <= last:
                level *= 1 + rng.gauss(0, 0.004)
                if d.weekday() < 5:
                    table[d] = Decimal(f"{level:.6f}")
                d += timedelta(days=1)
            self.rates[cur] = table

    def rate(self, cur: str, d: date) -> Decimal:
        if cur == "USD":
            return Decimal(1)
        table = self.rates[cur]
        while d not in table:
            d -= timedelta(days=1)
        return table[d]

    def usd(self, amount: Decimal, cur: str, d: date) -> str:
        return str((amount * self.rate(cur, d)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    def rows(self) -> Iterator[tuple[date, str, Decimal]]:
        for cur, table in self.rates.items():
            for d, r in table.items():
                yield d, cur, r


@dataclass
class Client:
    client_id: str
    platform: str
    device: str
    logged_in: bool = False


@dataclass
class Person:
    idx: int
    pid: str
    first: str
    last: str
    country: str
    tz: str
    currency: str
    email: str
    phone_e164: str
    phone_region: str
    postal: str
    is_test: bool = False
    has_crm: bool = True
    contact_ids: list[str] = field(default_factory=list)
    member_number: str | None = None
    handle: str | None = None
    handle_in_crm: bool = False
    work_email: str | None = None
    esp_email: str = ""
    clients: list[Client] = field(default_factory=list)
    engagement: float = 1.0
    t0: datetime = C.START
    bad_experiences: list[datetime] = field(default_factory=list)
    good_experiences: list[datetime] = field(default_factory=list)
    mail_codes: list[tuple[date, str]] = field(default_factory=list)
    is_member_trait: bool = False
    # truth of every renewal decision: (term start, term end, probability, probability without the
    # events' effect, events attended in the term by type)
    renewal_decisions: list[tuple[date, date, float, float, dict[str, int]]] = field(default_factory=list)
    # the end of each term that lapsed: engagement may fade before it (Effects.lapse_engagement_drop)
    lapsed_term_ends: list[date] = field(default_factory=list)


@dataclass(frozen=True)
class Effects:
    """What touches do to behaviour. The default is the demo world's; test worlds plant other effects
    (see PLANTED in __init__.py) so that the impact analysis can be scored against a known answer."""

    # the renewal probability of a term before events, bad experiences and engagement
    renewal_base: float = 0.78
    # added to the renewal probability per unit of engagement above 1 (engaged people also attend
    # more events: a confounder the warehouse cannot see)
    renewal_per_engagement: float = 0.03
    # events attended in the term's last N days do not count (0: up to the term's end)
    effect_ends_days_before_term_end: int = 0
    # the share of CRM contacts who are members at some point
    member_share: float = 0.38
    # added to the renewal probability of a term per event attended in it (the two largest count)
    renewal_per_attendance: tuple[tuple[str, float], ...] = (("conference", 0.10), ("webinar", 0.10),
                                                             ("workshop", 0.10))
    # who gets print mail: "members" (members far more often, from their first activity) or "random"
    # (everyone on file, a CRM record, by the mailing date alike)
    mail_targeting: str = "members"
    # the chance that a mail piece brings an order or donation with its offer code
    mail_response: float = 0.14
    # silent churn: in the lapse_fade_days before the end of a term that lapses, this share of the
    # member's email opens and website visits does not happen (0: engagement does not fade)
    lapse_engagement_drop: float = 0.0
    lapse_fade_days: int = 120
    # email: each recipient's copy goes out within this many hours after the campaign's time
    email_send_spread_hours: int = 1
    # members who read email only at these local hours [start, end): they open what arrived in
    # the 3 hours before or during that time far more often (x1.8) than what lies further down
    # the inbox by then (x0.6), and they open it then (None: no one keeps reading hours)
    member_reading_hours: tuple[int, int] | None = None

    def fades(self, p: Person, t: datetime) -> bool:
        """Whether time t lies in the fading window before one of p's lapsed terms' ends."""
        if self.lapse_engagement_drop <= 0:
            return False
        day = t.date()
        return any(timedelta(0) <= end - day <= timedelta(days=self.lapse_fade_days) for end in p.lapsed_term_ends)


@dataclass
class Shared:
    """Identifiers deliberately shared between different people (the guardrail traps)."""

    household_phone: dict[int, tuple[str, str]] = field(default_factory=dict)   # person idx -> (e164, region)
    shared_mailbox: dict[int, str] = field(default_factory=dict)                # person idx -> info@org
    generic_email: dict[int, str] = field(default_factory=dict)                 # person idx -> test@test.com


class World:
    def __init__(self, n_people: int, seed: int, effects: Effects | None = None) -> None:
        self.n = n_people
        self.seed = seed
        # truth of every text written: (source file, record id, polarity, themes joined by |)
        self.text_truth: list[tuple[str, str, str, str]] = []
        self.effects = effects or Effects()
        grng = random.Random(seed)
        self.fx = Fx(grng)
        self.events = C.build_events(grng)
        self.campaigns = C.build_email_campaigns(self.events)
        self.event_by_id = {e.event_id: e for e in self.events}
        self.shared = self._plan_shared(grng)
        self.counters: dict[str, int] = {}
        self.handles: set[str] = set()  # a handle names one account: never two people's

    # ---- ids -------------------------------------------------------------------------------
    def next_id(self, kind: str) -> int:
        self.counters[kind] = self.counters.get(kind, 0) + 1
        return self.counters[kind]

    def _plan_shared(self, rng: random.Random) -> Shared:
        s = Shared()
        idx = list(range(self.n))
        rng.shuffle(idx)
        n_house = max(2, int(self.n * 0.03)) // 2 * 2
        for k in range(0, n_house, 2):
            a, b = idx[k], idx[k + 1]
            phone = f"+1{rng.choice(C.US_AREA_CODES)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}"
            s.household_phone[a] = (phone, "US")
            s.household_phone[b] = (phone, "US")
        pos = n_house
        n_groups = max(1, self.n // 400)
        for g in range(n_groups):
            dom = C.ORG_DOMAINS[g % len(C.ORG_DOMAINS)]
            box = f"info@{dom}" if g < len(C.ORG_DOMAINS) else f"info{g}@{dom}"
            for _ in range(rng.randint(3, 5)):
                if pos < len(idx):
                    s.shared_mailbox[idx[pos]] = box
                    pos += 1
        n_generic = max(2, self.n // 250)
        for k in range(n_generic):
            if pos < len(idx):
                s.generic_email[idx[pos]] = C.GENERIC_EMAILS[k % len(C.GENERIC_EMAILS)]
                pos += 1
        return s

    # ---- people ----------------------------------------------------------------------------
    def make_person(self, i: int, rng: random.Random) -> Person:
        is_test = rng.random() < 0.006
        r = rng.random()
        acc = 0.0
        country = "US"
        for c, (w, _cur, _tzs) in C.COUNTRIES.items():
            acc += w
            if r < acc:
                country = c
                break
        if i in self.shared.household_phone:
            country = "US"  # the household's landline is a US number
        _w, cur, tzs = C.COUNTRIES[country]
        first = rng.choice(list(C.FIRST_NAMES))
        last = rng.choice(C.LAST_NAMES)
        if is_test:
            first, last = rng.choice(["QA", "Test", "Demo"]), rng.choice(["Tester", "User", "Account"])
        phone, region = self._phone(country, rng)
        if i in self.shared.household_phone:
            phone, region = self.shared.household_phone[i]
        local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{last[0]}", f"{first}_{last}",
                            f"{last}.{first}"]).lower()
        email = f"{local}{i}@{rng.choice(C.PERSONAL_DOMAINS)}"
        if is_test:
            email = f"qa{i}@assoc-demo.org"
        drawn_tz = rng.choice(tzs)
        postal = self._postal(country, rng)
        # people live where their phone's area code is (US and Canadian codes name one zone); the
        # draw stays for the others, and so that every later draw is the same as before
        tz = time_zone_of(phone) or drawn_tz
        p = Person(i, f"P{i:07d}", first, last, country, tz, cur, email, phone, region, postal, is_test=is_test)
        # a household phone is on the CRM records of both people: the evidence the contract promises
        p.has_crm = is_test or i in self.shared.household_phone or rng.random() < 0.88
        p.engagement = min(6.0, rng.lognormvariate(0, 0.7))
        p.t0 = C.START + timedelta(seconds=int(rng.random() ** 1.5 * C.SPAN_SECONDS * 0.85))
        if rng.random() < 0.22 and not is_test:  # QA accounts act only through their QA identity
            p.work_email = f"{first[0]}{last}{i}@{rng.choice(C.ORG_DOMAINS)}".lower()
        if rng.random() < 0.35 and not is_test:
            p.handle = f"@{first}{last}{rng.randint(1, 99)}".lower() if rng.random() < 0.7 else \
                f"@{first[0]}_{last}{i}".lower()
            if p.handle in self.handles:  # namesakes draw the same number in big worlds: the account is taken
                p.handle = f"@{first[0]}_{last}{i}".lower()
            self.handles.add(p.handle)
            p.handle_in_crm = rng.random() < 0.65
        n_dev = 1 if rng.random() < 0.5 else (2 if rng.random() < 0.7 else 3)
        for d in range(n_dev):
            plat, dev = rng.choice([("web", "desktop"), ("web", "desktop"), ("web", "mobile"), ("web", "tablet"),
                                    ("ios", "mobile"), ("android", "mobile")]) if d else ("web", "desktop")
            cid = f"{rng.randint(10**8, 10**9 - 1)}.{int(p.t0.timestamp()) - rng.randint(0, 10**6)}"
            p.clients.append(Client(cid, plat, dev))
        p.is_member_trait = p.has_crm and rng.random() < self.effects.member_share
        # the address the email platform holds: as typed at sign-up
        p.esp_email = self._messy_email(p.email, rng)
        return p

    def _phone(self, country: str, rng: random.Random) -> tuple[str, str]:
        if country == "US":
            return f"+1{rng.choice(C.US_AREA_CODES)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}", "US"
        if country == "CA":
            return f"+1{rng.choice(C.CA_AREA_CODES)}{rng.randint(200, 999)}{rng.randint(0, 9999):04d}", "CA"
        if country == "GB":
            if rng.random() < 0.5:
                return f"+4420{rng.randint(7000, 8999)}{rng.randint(0, 9999):04d}", "GB"
            return f"+447{rng.randint(400, 999)}{rng.randint(100000, 999999)}", "GB"
        if country == "DE":
            return f"+4930{rng.randint(1000000, 9999999)}", "DE"
        return f"+331{rng.randint(40000000, 79999999)}", "FR"

    def _postal(self, country: str, rng: random.Random) -> str:
        if country in ("US",):
            return f"{rng.randint(1000, 99950):05d}"
        if country == "CA":
            L = "ABCEGHJKLMNPRSTVXY"
            return (f"{rng.choice(L)}{rng.randint(0, 9)}{rng.choice(L)} "
                    f"{rng.randint(0, 9)}{rng.choice(L)}{rng.randint(0, 9)}")
        if country == "GB":
            letters = "ABDEFGHJLNPQRSTUWXYZ"
            area = rng.choice(["SW1A", "EC1V", "M1", "B3", "LS1", "EH1"])
            return f"{area} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        return f"{rng.randint(10000, 99999)}"

    @staticmethod
    def _messy_email(email: str, rng: random.Random) -> str:
        local, dom = email.split("@")
        r = rng.random()
        if r < 0.15:
            local = local.title()
        elif r < 0.22:
            local = local.upper()
        if rng.random() < 0.12 and "+" not in local:
            local = f"{local}+{rng.choice(['news', 'assoc', 'events', 'shop'])}"
        if rng.random() < 0.05:
            dom = dom.upper()
        out = f"{local}@{dom}"
        if rng.random() < 0.06:
            out = rng.choice([" ", "  "]) + out + rng.choice(["", " "])
        return out

    @staticmethod
    def _messy_phone(e164: str, region: str, rng: random.Random, international: bool = False) -> str:
        """A human-formatted phone; national formats only where the record's country tells the region."""
        if international and region not in ("US", "CA"):
            return rng.choice([e164, e164[:3] + " " + e164[3:]])
        if region in ("US", "CA"):
            d = e164[2:]
            return rng.choice([f"({d[:3]}) {d[3:6]}-{d[6:]}", f"+1 {d[:3]} {d[3:6]} {d[6:]}",
                               f"{d[:3]}.{d[3:6]}.{d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}",
                               f"1-{d[:3]}-{d[3:6]}-{d[6:]}", d])
        if region == "GB":
            n = e164[3:]
            if n.startswith("20"):
                return rng.choice([f"+44 20 {n[2:6]} {n[6:]}", f"020 {n[2:6]} {n[6:]}", f"+44 (0)20 {n[2:6]} {n[6:]}"])
            return rng.choice([f"+44 {n[:4]} {n[4:]}", f"0{n[:4]} {n[4:]}"])
        if region == "DE":
            n = e164[3:]
            return rng.choice([f"+49 30 {n[2:]}", f"030 {n[2:]}", f"+49 (0)30 {n[2:]}"])
        n = e164[3:]
        return rng.choice([f"+33 1 {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}", f"01 {n[1:3]} {n[3:5]} {n[5:7]} {n[7:]}"])

    # ---- web sessions ---------------------------------------------------------------------------
    def web_session(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]], t: datetime,
                    source: dict[str, str], paths: list[str], login: bool = False,
                    conversion: str | None = None, client: Client | None = None) -> datetime:
        """Emit the events of one visit starting at `t`; returns the time of the last event."""
        client = client or rng.choice(p.clients)
        contact = p.contact_ids[0] if p.contact_ids else None
        user = contact if (contact and client.logged_in and rng.random() < 0.85) else None
        host = SITE_HOST if client.platform == "web" else "app://assoc-demo"
        ts = last = t
        events: list[tuple[str, str, str | None]] = []  # name, url, referrer
        for k, path in enumerate(paths):
            url = f"{host}{path}"
            ref = None
            if k == 0:
                if source.get("params"):
                    url = f"{url}?{source['params']}"
                ref = source.get("referrer")
            else:
                ref = f"{host}{paths[k - 1]}" if client.platform == "web" else None
            events.append(("page_view", url, ref))
            if k == 0 and login and contact:
                events.append(("login", f"{host}/login", None))
        if conversion:
            for name in CONVERSION_EVENTS[conversion]:
                events.append((name, f"{host}{CONVERSION_PATHS[conversion]}", None))
        for name, url, ref in events:
            if name == "login":
                client.logged_in = True
                user = contact
            if name == "sign_up" and contact:
                client.logged_in = True
                user = contact
            micro = rng.randint(0, 999_999)
            if ts > C.END:
                break
            vals = {
                "event_id": f"ev{b36(self.next_id('ev'), 9)}",
                "event_timestamp": epoch_micros(ts, micro),
                "client_id": client.client_id, "user_id": user, "event_name": name,
                "page_location": url, "page_referrer": ref, "platform": client.platform,
                "device_category": client.device, "geo_country": p.country,
            }
            row = Row(ts.timestamp() + micro / 1e6, vals, p.pid, naive(ts))
            if rng.random() < 0.01:
                late.setdefault("raw_web_events", []).append(row)  # arrives with a later export
            else:
                sink.add("raw_web_events", row)
            last = ts
            ts = ts + timedelta(seconds=int(rng.expovariate(1 / 45)) + 3)
        return last

    def source_for(self, channel: str, rng: random.Random, campaign_slug: str = "", click_id: str = "",
                   platform: str = "") -> dict[str, str]:
        if channel == "email":
            return {"params": f"utm_source=newsletter&utm_medium=email&utm_campaign={campaign_slug}"}
        if channel == "paid":
            if platform == "google_ads":
                base = f"utm_source=google&utm_medium=cpc&utm_campaign={campaign_slug}&gclid={click_id}"
                return {"params": base if rng.random() < 0.8 else f"gclid={click_id}",
                        "referrer": "https://www.google.com/"}
            if platform == "meta_ads":
                return {"params": f"utm_source=facebook&utm_medium=paid_social&utm_campaign={campaign_slug}"
                                  f"&fbclid={click_id}", "referrer": "https://m.facebook.com/"}
            return {"params": f"utm_source=linkedin&utm_medium=paid_social&utm_campaign={campaign_slug}"
                              f"&li_fat_id={click_id}", "referrer": "https://www.linkedin.com/"}
        if channel == "organic":
            return {"referrer": rng.choice(["https://www.google.com/", "https://www.google.com/",
                                            "https://www.bing.com/", "https://duckduckgo.com/"])}
        if channel == "social":
            net = rng.choice(["facebook", "linkedin", "x", "instagram"])
            ref = {"facebook": "https://l.facebook.com/", "linkedin": "https://www.linkedin.com/",
                   "x": "https://t.co/", "instagram": "https://l.instagram.com/"}[net]
            if rng.random() < 0.4:
                return {"params": f"utm_source={net}&utm_medium=social&utm_campaign=organic-post", "referrer": ref}
            return {"referrer": ref}
        if channel == "referral":
            return {"referrer": rng.choice(["https://www.partner-society.org/resources",
                                            "https://news.example-journal.com/article/123",
                                            "https://www.university.edu/careers", "https://forum.example.net/t/42"])}
        if channel == "print":
            return {"params": f"utm_source=direct_mail&utm_medium=print&utm_campaign={campaign_slug}"}
        return {}

    def ad_click(self, p: Person | None, rng: random.Random, sink: Sink, t: datetime,
                 platform: str | None = None) -> tuple[str, C.AdCampaign]:
        camps = [a for a in C.AD_CAMPAIGNS if platform is None or a.platform == platform]
        camp = rng.choice(camps)
        prefix = {"google_ads": "Cj0KCQ", "meta_ads": "IwAR", "linkedin_ads": "AQE"}[camp.platform]
        click_id = prefix + rand_token(rng, 18)
        tz = ZoneInfo(camp.account_tz)
        # avoid the hour that a daylight-saving change makes ambiguous or impossible in local time
        for _ in range(3):
            local = t.replace(tzinfo=UTC).astimezone(tz)
            back = local.replace(tzinfo=None).replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)
            if back == t and local.fold == 0:
                break
            t = t + timedelta(hours=1)
        cost = Decimal(int(camp.cpc_usd / C.APPROX_USD_PER_UNIT[camp.currency] * rng.uniform(0.4, 1.6) * 1e6))
        vals = {"click_id": click_id, "platform": camp.platform, "campaign_name": camp.name,
                "ad_group": rng.choice(camp.ad_groups), "click_time": naive(local.replace(tzinfo=None)),
                "account_timezone": camp.account_tz, "cost_micros": str(cost), "currency": camp.currency}
        usd = self.fx.usd(cost / Decimal(1_000_000), camp.currency, t.date())
        sink.add("raw_ad_clicks", Row(t.timestamp(), vals, p.pid if p else "", naive(t), usd))
        return click_id, camp

    def lead_touch(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]], t: datetime,
                   channel: str, kind: str, paths: list[str]) -> tuple[str, dict[str, str]]:
        """One touch before a conversion; returns the channel and the web source it brings."""
        if channel == "email" and p.has_crm:
            camp = self.latest_campaign(kind, t)
            if camp is not None:
                self.email_row(p, rng, sink, camp, "open", t - timedelta(minutes=rng.randint(1, 30)))
                self.email_row(p, rng, sink, camp, "click", t, url_slug=camp.slug)
                src = self.source_for("email", rng, camp.slug)
                self.web_session(p, rng, sink, late, t + timedelta(seconds=20), src, paths)
                return "email", src
            channel = "organic"
        if channel == "paid":
            plat = {"event": rng.choice(["google_ads", "linkedin_ads"]), "join": rng.choice(["google_ads", "meta_ads"]),
                    "order": rng.choice(["google_ads", "meta_ads"])}.get(kind, "google_ads")
            click_id, camp = self.ad_click(p, rng, sink, t, plat)
            src = self.source_for("paid", rng, camp.name.lower().replace(" - ", "-").replace(" ", "-"), click_id,
                                  camp.platform)
            if rng.random() < 0.92:
                self.web_session(p, rng, sink, late, t + timedelta(seconds=rng.randint(2, 15)), src, paths)
            return "paid", src
        if channel == "social" and p.handle and rng.random() < 0.6:
            self.social_row(p, rng, sink, t - timedelta(minutes=rng.randint(5, 600)), sentiment="positive")
        src = self.source_for(channel, rng)
        self.web_session(p, rng, sink, late, t, src, paths)
        return channel, src

    def latest_campaign(self, kind: str, t: datetime) -> C.EmailCampaign | None:
        best = None
        for c in self.campaigns:
            if c.sent_at >= t:
                break
            if c.kind == kind and t - c.sent_at < timedelta(days=25):
                best = c
        return best

    # ---- row writers ---------------------------------------------------------------------------
    def email_row(self, p: Person, rng: random.Random, sink: Sink, camp: C.EmailCampaign, action: str,
                  t: datetime, url_slug: str | None = None) -> None:
        vals = {"activity_id": f"ACT{b36(self.next_id('act'), 10).upper()}", "campaign_id": camp.campaign_id,
                "campaign_name": camp.name, "email_address": p.esp_email, "action": action,
                "timestamp": naive(t), "url": None}
        if action == "click":
            path = "/events" if camp.kind == "event_promo" else {"appeal": "/donate", "renewal": "/membership/renew",
                                                                 "publication": "/shop"}.get(camp.kind, "/news")
            vals["url"] = f"{SITE_HOST}{path}?utm_source=newsletter&utm_medium=email&utm_campaign={url_slug}"
        sink.add("raw_email_activity", Row(t.timestamp(), vals, p.pid, naive(t)))

    def social_row(self, p: Person, rng: random.Random, sink: Sink, t: datetime, sentiment: str | None = None) -> None:
        if not p.handle or t < C.START or t > C.END:
            return
        if sentiment is None:
            recent_bad = any(timedelta(0) <= t - b <= timedelta(days=10) for b in p.bad_experiences)
            r = rng.random()
            if recent_bad and r < 0.6:
                sentiment = "negative"
            else:
                sentiment = "positive" if r < 0.4 else ("neutral" if r < 0.9 else "negative")
        handle = p.handle
        r = rng.random()
        if r < 0.2:
            handle = handle.upper()
        elif r < 0.35:
            handle = "@" + handle[1:].title()
        rng.choice(C.SOCIAL_MESSAGES[sentiment])  # the draw stays, so that every later draw is as before
        itype = rng.choice(["mention", "mention", "comment", "comment", "share", "direct_message"])
        interaction_id = f"SOC-{b36(self.next_id('soc'), 8)}"
        msg, themes = compose(self.seed, interaction_id, sentiment, "social")
        if itype in ("mention", "comment"):
            msg = f"@AssocDemo {msg}" if len(msg) % 2 else f"{msg} @AssocDemo"
        self.text_truth.append(("raw_social_interactions", interaction_id, sentiment, "|".join(themes)))
        vals = {"interaction_id": interaction_id, "network": rng.choice(
            ["x", "facebook", "instagram", "linkedin"]), "handle": handle, "interaction_type": itype,
            "occurred_at": iso_offset(t, p.tz), "sentiment": sentiment, "message": msg}
        sink.add("raw_social_interactions", Row(t.timestamp(), vals, p.pid, naive(t)))


SITE_HOST = C.SITE

CONVERSION_EVENTS = {
    "order": ["add_to_cart", "begin_checkout", "purchase"],
    "donation": ["form_submit", "donate"],
    "event": ["form_submit", "event_register"],
    "join": ["sign_up", "begin_checkout", "purchase"],
    "renew": ["begin_checkout", "purchase"],
}
CONVERSION_PATHS = {"order": "/checkout", "donation": "/donate/thank-you", "event": "/events/register",
                    "join": "/membership/join", "renew": "/membership/renew"}
