"""Per-person simulation: what each person does, in which system, in causal order.

Conversions are drawn first (membership joins and renewals, event registrations, orders and
donations), then the touches that lead to them (an email click, an ad click, a search visit,
a printed offer), then background activity (newsletters, browsing, social chatter, support).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from . import catalog as C
from .sink import Row, Sink
from .texts import compose, survey_polarity
from .world import UTC, Person, World, iso_offset, iso_z, naive, us_ampm

LEAD_CHANNELS = {
    "event": [("email", 0.40), ("social", 0.15), ("organic", 0.18), ("paid", 0.15), ("direct", 0.12)],
    "join": [("paid", 0.25), ("organic", 0.25), ("email", 0.10), ("referral", 0.15), ("social", 0.10),
             ("direct", 0.15)],
    "renew": [("email", 0.60), ("direct", 0.30), ("organic", 0.10)],
    "donation": [("email", 0.45), ("social", 0.10), ("direct", 0.30), ("organic", 0.15)],
    "order": [("email", 0.30), ("organic", 0.30), ("paid", 0.15), ("direct", 0.20), ("referral", 0.05)],
}
HEARD = {"email": "email", "social": "social_media", "organic": "search", "paid": "search",
         "direct": "website", "referral": "word_of_mouth"}


def pick(rng: random.Random, weighted: list[tuple[str, float]]) -> str:
    r, acc = rng.random() * sum(w for _, w in weighted), 0.0
    for k, w in weighted:
        acc += w
        if r < acc:
            return k
    return weighted[-1][0]


def poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    L, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= L:
            return k
        k += 1


def rand_time(rng: random.Random, lo: datetime, hi: datetime) -> datetime:
    """A time between lo and hi, mostly during the day in North America."""
    if hi <= lo:
        return lo
    t = lo + timedelta(seconds=rng.randint(0, int((hi - lo).total_seconds())))
    hour = int(rng.triangular(11, 27, 19)) % 24  # UTC hours: US daytime peaks around 14:00 ET
    cand = t.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59))
    return cand if lo <= cand <= hi else t


def reading_fresh(sent: datetime, tz: str, reading: tuple[int, int]) -> bool:
    """Whether an email sent at `sent` (UTC) reaches a reader of these local hours in the 3 hours
    before or during their reading time."""
    hour = sent.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).hour
    return reading[0] - 3 <= hour < reading[1]


def next_reading_time(sent: datetime, tz: str, reading: tuple[int, int], rng: random.Random) -> datetime:
    """When a reader of these local hours opens an email sent at `sent` (UTC): within the reading
    time of the day it arrives if that is still ahead (or now), else of the next day."""
    zone = ZoneInfo(tz)
    local = sent.replace(tzinfo=UTC).astimezone(zone)
    day = local.date() if local.hour < reading[1] else local.date() + timedelta(days=1)
    start = datetime(day.year, day.month, day.day, reading[0], tzinfo=zone)
    at = start + timedelta(seconds=rng.randint(0, 3600 * (reading[1] - reading[0]) - 1))
    at = max(at, local + timedelta(minutes=rng.randint(1, 20)))
    return at.astimezone(UTC).replace(tzinfo=None)


@dataclass
class Term:
    action: str
    when: date
    plan: str
    start: date | None
    end: date | None


class Simulation(World):
    # ---- what a row's content is worth ---------------------------------------------------------------
    def usd_of(self, file: str, values: dict[str, str | None]) -> str | None:
        """The USD amount a money row's own content gives (the sink asks for it when it changes a
        money column, e.g. in a conflicting copy: the truth follows the line the warehouse reads);
        None where the file carries no amount."""
        if file == "raw_orders":
            amount = Decimal(str(values["unit_price"])) * int(str(values["quantity"]))
            return self.fx.usd(amount, str(values["currency"]), date.fromisoformat(str(values["ordered_at"])[:10]))
        if file == "raw_memberships":
            return self.fx.usd(Decimal(str(values["amount"])), str(values["currency"]),
                               date.fromisoformat(str(values["action_date"])))
        return None

    # ---- membership ------------------------------------------------------------------------------
    def plan_join(self, p: Person, rng: random.Random) -> tuple[date, str] | None:
        if not p.is_member_trait:
            return None
        if rng.random() < 0.55:
            join = (C.START - timedelta(days=rng.randint(30, 3 * 365))).date()
        else:
            join = rand_time(rng, p.t0, C.END - timedelta(days=20)).date()
        plan = pick(rng, [("individual", 0.75), ("student", 0.15), ("corporate", 0.10)])
        return join, plan

    def member_terms(self, p: Person, rng: random.Random, join: date, plan: str,
                     attended: list[tuple[datetime, str]]) -> list[Term]:
        terms = [Term("join", join, plan, join, join + timedelta(days=364))]
        cur = terms[0]
        while True:
            end = cur.end
            assert end is not None
            if rng.random() < 0.03:  # cancels during the term
                when = cur.start + timedelta(days=rng.randint(30, 330))  # type: ignore[operator]
                if datetime.combine(when, datetime.min.time()) <= C.END:
                    terms.append(Term("cancel", when, cur.plan, None, None))
                    p.bad_experiences.append(datetime.combine(when, datetime.min.time()))
                break
            term_lo = datetime.combine(cur.start, datetime.min.time())  # type: ignore[arg-type]
            term_hi = datetime.combine(end, datetime.min.time())
            bad = sum(term_lo <= b <= term_hi for b in p.bad_experiences)
            effect_hi = term_hi - timedelta(days=self.effects.effect_ends_days_before_term_end)
            kinds = [kind for a, kind in attended if term_lo <= a <= effect_hi]
            per_event = dict(self.effects.renewal_per_attendance)
            good = sum(sorted((per_event.get(kind, 0.0) for kind in kinds), reverse=True)[:2])
            base = self.effects.renewal_base
            engaged = self.effects.renewal_per_engagement
            prob = base + good - 0.30 * min(bad, 2) + engaged * (p.engagement - 1)
            renew_on = end - timedelta(days=rng.randint(0, 25))
            if datetime.combine(renew_on, datetime.min.time()) > C.END:
                break
            p.renewal_decisions.append((cur.start, end, max(0.05, min(0.97, prob)),  # type: ignore[arg-type]
                                        max(0.05, min(0.97, base - 0.30 * min(bad, 2)
                                                       + engaged * (p.engagement - 1))),
                                        {k: kinds.count(k) for k in per_event}))
            if rng.random() < max(0.05, min(0.97, prob)):
                plan_next = cur.plan
                action = "renew"
                if cur.plan == "student" and rng.random() < 0.25:
                    plan_next, action = "individual", "upgrade"
                cur = Term(action, renew_on, plan_next, end + timedelta(days=1), end + timedelta(days=365))
                terms.append(cur)
            else:
                p.lapsed_term_ends.append(end)
                lapse = end + timedelta(days=30)
                if datetime.combine(lapse, datetime.min.time()) <= C.END:
                    terms.append(Term("lapse", lapse, cur.plan, None, None))
                break
        return terms

    # ---- the whole person --------------------------------------------------------------------------
    def simulate(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]]) -> None:
        if p.has_crm:
            p.contact_ids.append(f"003A0000{self.next_id('contact'):07X}")
        self.support_tickets(p, rng, sink)
        joined = self.plan_join(p, rng)
        if joined:
            p.member_number = f"M-{self.next_id('member'):06d}"
        attended = self.registrations(p, rng, sink, late, joined)
        if joined:
            self.memberships(p, rng, sink, late, joined, attended)
        self.direct_mail(p, rng, sink, joined)
        self.orders(p, rng, sink, late)
        self.surveys(p, rng, sink)
        self.email_background(p, rng, sink, late)
        self.browsing(p, rng, sink, late)
        for _ in range(poisson(rng, 1.0 * p.engagement if p.handle else 0)):
            self.social_row(p, rng, sink, rand_time(rng, max(p.t0, C.START), C.END))
        self.crm_records(p, rng, sink, joined)

    # ---- CRM --------------------------------------------------------------------------------------
    def crm_records(self, p: Person, rng: random.Random, sink: Sink, joined: tuple[date, str] | None) -> None:
        if not p.has_crm:
            return
        created = min(p.t0, datetime.combine(joined[0], datetime.min.time()) if joined else p.t0)
        created = created.replace(hour=rng.randint(12, 22), minute=rng.randint(0, 59), second=rng.randint(0, 59))
        email = p.email
        if not p.is_test:  # QA accounts keep their QA address
            email = self.shared.shared_mailbox.get(p.idx) or self.shared.generic_email.get(p.idx) or p.email
        email = self._messy_email(email, rng) if email == p.email else email.upper() if rng.random() < 0.2 else email
        phone = self._messy_phone(p.phone_e164, p.phone_region, rng) if rng.random() < 0.9 else None
        if p.idx in self.shared.household_phone:
            phone = self._messy_phone(p.phone_e164, p.phone_region, rng)
        handle = p.handle if p.handle and p.handle_in_crm else None
        member = p.member_number if p.member_number and rng.random() < 0.9 else None
        self._crm_row(p, rng, sink, p.contact_ids[0], email, phone, p.first, p.last, member, handle, created)
        if p.is_test:
            return
        if rng.random() < 0.06:  # a duplicate record of the same person, with a compatible name
            nicks = C.FIRST_NAMES.get(p.first, [])
            first = rng.choice(nicks) if nicks and rng.random() < 0.6 else f"{p.first[0]}."
            r = rng.random()
            if r < 0.45:
                d_email, d_phone = self._messy_email(p.email, rng), None
            elif r < 0.8 and p.work_email:
                d_email, d_phone = p.work_email, self._messy_phone(p.phone_e164, p.phone_region, rng)
            else:
                d_email, d_phone = self._messy_email(p.email, rng), self._messy_phone(p.phone_e164, p.phone_region, rng)
            cid = f"003A0000{self.next_id('contact'):07X}"
            p.contact_ids.append(cid)
            later = min(C.END, created + timedelta(days=rng.randint(20, 300)))
            self._crm_row(p, rng, sink, cid, d_email, d_phone, first, p.last, None, None, later)

    def _crm_row(self, p: Person, rng: random.Random, sink: Sink, cid: str, email: str | None, phone: str | None,
                 first: str, last: str, member: str | None, handle: str | None, created: datetime) -> None:
        modified = min(C.END, created + timedelta(days=rng.randint(0, 400), seconds=rng.randint(0, 86399)))
        vals = {"contact_id": cid, "email": email, "phone": phone, "first_name": first, "last_name": last,
                "postal_code": p.postal, "country": p.country, "member_number": member, "social_handle": handle,
                "created_at": iso_z(created), "last_modified_at": iso_z(modified),
                "is_test": "true" if p.is_test else "false"}
        sink.add("raw_crm_contacts", Row(created.timestamp(), vals, p.pid, naive(created)))

    # ---- support ------------------------------------------------------------------------------------
    def support_tickets(self, p: Person, rng: random.Random, sink: Sink) -> None:
        for _ in range(min(5, poisson(rng, 0.35 * p.engagement))):
            t = rand_time(rng, max(p.t0, C.START), C.END)
            channel = pick(rng, [("email", 0.45), ("phone", 0.25), ("chat", 0.2), ("web_form", 0.1)])
            email = self._messy_email(p.email, rng)
            phone = None
            if channel == "phone":
                phone = self._messy_phone(p.phone_e164, p.phone_region, rng, international=True)
                if rng.random() < 0.6:
                    email = None
            age = (C.END - t).days
            status = pick(rng, [("solved", 0.55), ("closed", 0.45)]) if age > 14 else \
                pick(rng, [("new", 0.2), ("open", 0.3), ("pending", 0.2), ("solved", 0.3)])
            hours = rng.lognormvariate(1.6, 1.2)
            first = None if status == "new" else t + timedelta(hours=hours)
            solved = first + timedelta(hours=rng.lognormvariate(2.5, 1.0)) if first and status in ("solved", "closed") \
                else None
            if solved and solved > C.END:
                solved, status = None, "pending"
            if first and first > C.END:
                first, status, solved = None, "new", None
            rating = "unoffered"
            if solved:
                p_bad = 0.07 + (0.28 if hours > 24 else 0.0)
                rating = pick(rng, [("bad", p_bad), ("good", 0.62), ("offered", 0.2), ("unoffered", 0.11)])
            if rating == "bad":
                p.bad_experiences.append(solved or t)
            vals = {"ticket_id": f"{self.next_id('ticket') + 100000}", "requester_email": email,
                    "requester_phone": phone, "channel": channel,
                    "category": pick(rng, [("billing", 0.25), ("technical", 0.2), ("event", 0.2),
                                           ("membership", 0.2), ("publication", 0.08), ("other", 0.07)]),
                    "status": status, "created_at": iso_z(t), "first_response_at": iso_z(first) if first else None,
                    "solved_at": iso_z(solved) if solved else None, "satisfaction_rating": rating}
            sink.add("raw_support_tickets", Row(t.timestamp(), vals, p.pid, naive(t)))
            if solved and rng.random() < 0.35:
                score = {"good": rng.choice([4, 5, 5]), "bad": rng.choice([1, 1, 2])}.get(rating, rng.randint(2, 5))
                self.survey_row(p, rng, sink, "Support CSAT", "csat", solved + timedelta(hours=rng.randint(1, 48)),
                                score, vals["ticket_id"])

    # ---- events ---------------------------------------------------------------------------------
    def registrations(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]],
                      joined: tuple[date, str] | None) -> list[tuple[datetime, str]]:
        attended: list[tuple[datetime, str]] = []
        lam = (0.9 if p.has_crm else 0.25) * p.engagement * (1.5 if p.is_member_trait else 1.0)
        n = min(6, poisson(rng, lam))
        options = [e for e in self.events if e.start_utc > p.t0 + timedelta(days=3)]
        for ev in rng.sample(options, min(n, len(options))):
            reg_at = ev.start_utc - timedelta(days=rng.randint(1, 45), seconds=rng.randint(0, 86399))
            if reg_at < max(p.t0, C.START) or reg_at > C.END:
                continue
            is_member = bool(joined) and joined[0] <= reg_at.date()  # type: ignore[index]
            if ev.event_type == "webinar":
                ttype = "member" if is_member else pick(rng, [("free", 0.6), ("non_member", 0.4)])
            else:
                regular = "member" if is_member else "non_member"
                ttype = pick(rng, [("speaker", 0.02), ("student", 0.08), (regular, 0.9)])
            price = ev.prices.get(ttype, 0.0)
            cancelled = None
            if rng.random() < 0.07:
                cancelled = reg_at + (ev.start_utc - reg_at) * rng.random()
                p.bad_experiences.append(cancelled)
            show = {"conference": 0.82, "webinar": 0.5, "workshop": 0.85}[ev.event_type] + 0.04 * (p.engagement - 1)
            checked = cancelled is None and ev.start_utc <= C.END and rng.random() < show
            if checked:
                attended.append((ev.start_utc, ev.event_type))
                p.good_experiences.append(ev.start_utc)
            lead = pick(rng, LEAD_CHANNELS["event"])
            online = rng.random() < 0.9
            if online:
                pre = reg_at - timedelta(minutes=rng.randint(2, 40))
                if rng.random() < 0.5:  # an earlier visit days before
                    self.lead_touch(p, rng, sink, late, pre - timedelta(days=rng.randint(1, 12)),
                                    pick(rng, LEAD_CHANNELS["event"]), "event", ["/events", f"/events/{ev.slug}"])
                ch, src = self.lead_touch(p, rng, sink, late, pre, lead, "event", ["/events", f"/events/{ev.slug}"])
                self.web_session(p, rng, sink, late, reg_at, src if rng.random() < 0.5 else {},
                                 [f"/events/{ev.slug}"], login=p.has_crm, conversion="event")
            if self.shared.shared_mailbox.get(p.idx) and not p.is_test and rng.random() < 0.5:
                email = self.shared.shared_mailbox[p.idx]
            elif p.work_email and rng.random() < 0.3:
                email = p.work_email
            else:
                email = self._messy_email(p.email, rng)
            first = p.first
            if C.FIRST_NAMES.get(p.first) and rng.random() < 0.15:
                first = rng.choice(C.FIRST_NAMES[p.first])
            amount = Decimal(f"{price:.2f}")
            vals = {"registration_id": f"REG-{self.next_id('reg'):07d}", "event_id": ev.event_id,
                    "event_name": ev.name, "event_type": ev.event_type,
                    "event_start": iso_offset(ev.start_utc, ev.venue_tz), "attendee_email": email,
                    "attendee_first_name": first, "attendee_last_name": p.last,
                    "registered_at": iso_offset(reg_at, p.tz), "ticket_type": ttype, "ticket_price": f"{price:.2f}",
                    "currency": ev.currency, "checked_in": "Yes" if checked else "No",
                    "cancelled_at": iso_offset(cancelled, p.tz) if cancelled else None,
                    "how_did_you_hear": HEARD.get(lead) if rng.random() < 0.7 else None}
            usd = self.fx.usd(amount, ev.currency, reg_at.date())
            sink.add("raw_event_registrations", Row(reg_at.timestamp(), vals, p.pid, naive(reg_at), usd))
            if checked and rng.random() < 0.35:
                base = 4 if ev.event_type != "webinar" else 3
                score = max(1, min(5, base + rng.choice([-1, 0, 0, 1, 1])))
                self.survey_row(p, rng, sink, f"Post-event: {ev.name}", "post_event",
                                ev.start_utc + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 12)), score,
                                ev.event_id)
        return attended

    def memberships(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]],
                    joined: tuple[date, str], attended: list[tuple[datetime, str]]) -> None:
        join, plan = joined
        for term in self.member_terms(p, rng, join, plan, attended):
            fee_usd = C.MEMBERSHIP_FEES_USD[term.plan]
            amount = Decimal(f"{C.local_price(fee_usd, p.currency):.2f}") if term.action in (
                "join", "renew", "upgrade") else Decimal("0.00")
            when_dt = datetime.combine(term.when, datetime.min.time()) + timedelta(hours=rng.randint(13, 23),
                                                                                    minutes=rng.randint(0, 59))
            if term.action in ("join", "renew", "upgrade") and when_dt >= max(C.START, p.t0) and rng.random() < 0.65:
                kind = "join" if term.action == "join" else "renew"
                ch, src = self.lead_touch(p, rng, sink, late, when_dt - timedelta(days=rng.randint(1, 14)),
                                          pick(rng, LEAD_CHANNELS[kind]), kind, ["/membership"])
                conv = self.web_session(p, rng, sink, late, when_dt, src if rng.random() < 0.4 else {},
                                        ["/membership", "/membership/join" if kind == "join" else "/membership/renew"],
                                        login=kind == "renew", conversion=kind)
                term.when = conv.date()
            email = p.work_email if term.plan == "corporate" and p.work_email else p.email
            vals = {"membership_event_id": f"MEV-{self.next_id('mev'):07d}", "member_number": p.member_number,
                    "contact_email": self._messy_email(email, rng), "plan": term.plan, "action": term.action,
                    "action_date": term.when.isoformat(), "term_start": term.start.isoformat() if term.start else None,
                    "term_end": term.end.isoformat() if term.end else None, "amount": f"{amount:.2f}",
                    "currency": p.currency}
            usd = self.fx.usd(amount, p.currency, term.when)
            t = datetime.combine(term.when, datetime.min.time())
            sink.add("raw_memberships", Row(t.timestamp(), vals, p.pid, naive(t), usd))

    # ---- direct mail and orders -------------------------------------------------------------------
    def direct_mail(self, p: Person, rng: random.Random, sink: Sink, joined: tuple[date, str] | None) -> None:
        if not p.has_crm or p.country not in ("US", "CA"):
            return
        reachable_from = p.t0
        if self.effects.mail_targeting == "random":  # everyone on file (a CRM record) by the mailing
            reachable_from = min(p.t0, datetime.combine(joined[0], datetime.min.time()) if joined else p.t0)
        for camp in C.MAIL_CAMPAIGNS:
            mailed = datetime.combine(camp.mailed_on, datetime.min.time())
            share = (0.7 if p.is_member_trait else 0.35) if self.effects.mail_targeting == "members" else 0.5
            if mailed < reachable_from or rng.random() > share:
                continue
            code = f"{camp.code}-{self.next_id('offer'):05d}"
            cid = p.contact_ids[-1] if len(p.contact_ids) > 1 and rng.random() < 0.1 else p.contact_ids[0]
            vals = {"mail_piece_id": f"MP{self.next_id('mail'):08d}", "contact_id": cid, "campaign_code": camp.code,
                    "mailed_on": camp.mailed_on.isoformat(), "offer_code": code}
            sink.add("raw_direct_mail", Row(mailed.timestamp(), vals, p.pid, naive(mailed)))
            p.mail_codes.append((camp.mailed_on, code))

    def orders(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]]) -> None:
        plans: list[tuple[str, datetime, str | None]] = []
        buyer = rng.random() < (0.30 if p.has_crm else 0.15)
        donor = rng.random() < (0.18 if p.has_crm else 0.08)
        lo = max(p.t0, C.START)
        boost = 1 + 0.3 * len(p.good_experiences)
        for _ in range(1 + poisson(rng, 0.7 * p.engagement * boost) if buyer else 0):
            plans.append(("order", rand_time(rng, lo, C.END), None))
        for _ in range(1 + poisson(rng, 0.5 * p.engagement) if donor else 0):
            t = rand_time(rng, lo, C.END)
            if rng.random() < 0.4:  # year-end giving
                ye = datetime(rng.choice([2025, 2025, 2024]), 12, rng.randint(1, 31), rng.randint(12, 23))
                t = ye if lo <= ye <= C.END else t
            plans.append(("donation", t, None))
        for mailed_on, code in p.mail_codes:
            if rng.random() < self.effects.mail_response:
                t = datetime.combine(mailed_on, datetime.min.time()) + timedelta(days=rng.randint(4, 50),
                                                                                  hours=rng.randint(12, 23))
                kind = "donation" if code.startswith("DM25YE") else "order"
                if t <= C.END:
                    plans.append((kind, t, code))
        for kind, t, code in plans:
            self.one_order(p, rng, sink, late, kind, t, code)

    def one_order(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]], kind: str,
                  t: datetime, code: str | None) -> None:
        channel = pick(rng, [("online", 0.75), ("phone", 0.08), ("mail", 0.07), ("in_person", 0.10)])
        if not p.has_crm or code is None and kind == "order" and rng.random() < 0.3:
            channel = "online"
        if code and kind == "donation" and rng.random() < 0.5:
            channel = "mail"
        if channel == "online":
            lead = pick(rng, LEAD_CHANNELS[kind])
            page = "/donate" if kind == "donation" else "/shop"
            ch, src = self.lead_touch(p, rng, sink, late, t - timedelta(days=rng.randint(0, 10), minutes=30),
                                      lead, kind, [page])
            if code:
                src = self.source_for("print", rng, code.split("-")[0].lower())
            t = self.web_session(p, rng, sink, late, t, src if rng.random() < 0.5 else {}, [page],
                                 login=p.has_crm and rng.random() < 0.8, conversion=kind)
        if kind == "donation":
            sku, cat, qty = "DONATION", "donation", 1
            price = Decimal(f"{C.local_price(rng.choice([25, 50, 50, 100, 100, 250, 500, 1000]), p.currency):.2f}")
        else:
            prod = rng.choice(C.PRODUCTS)
            sku, cat = prod.sku, prod.category
            qty = 1 if cat == "ebook" else rng.choice([1, 1, 1, 2, 3])
            price = Decimal(f"{C.local_price(prod.usd_price, p.currency):.2f}")
            if code:
                price = (price * Decimal("0.85")).quantize(Decimal("0.01"))
        status = pick(rng, [("completed", 0.89), ("refunded", 0.08), ("cancelled", 0.03)])
        oid = f"ORD-{self.next_id('order'):08d}"
        email = self._messy_email(p.email, rng)
        usd = self.fx.usd(price * qty, p.currency, t.date())
        base = {"order_id": oid, "customer_email": email, "ordered_at": iso_z(t), "updated_at": None,
                "sales_channel": channel, "order_type": "donation" if kind == "donation" else "purchase",
                "product_sku": sku, "product_category": cat, "quantity": str(qty), "unit_price": f"{price:.2f}",
                "discount_code": code, "currency": p.currency, "status": "completed"}
        first_update = t + timedelta(minutes=rng.randint(1, 90))
        versions = [("completed", first_update)]
        if status == "refunded":
            versions.append(("refunded", t + timedelta(days=rng.randint(2, 40), hours=rng.randint(0, 23))))
        elif status == "cancelled":
            versions = [("cancelled", first_update)]
        for st, upd in versions:
            if upd > C.END:
                continue
            vals = dict(base, status=st, updated_at=iso_z(upd))
            sink.add("raw_orders", Row(upd.timestamp(), vals, p.pid, naive(t), usd, version=iso_z(upd)))

    # ---- surveys -------------------------------------------------------------------------------------
    def survey_row(self, p: Person, rng: random.Random, sink: Sink, name: str, stype: str, t: datetime, score: int,
                   ref: str | None) -> None:
        if t > C.END or t < C.START:
            return
        anonymous = rng.random() < 0.08
        comment = None
        response_id = f"R_{self.next_id('resp'):08d}"
        if rng.random() < 0.3:
            # the draw stays, so that every later draw is as before; the text comes from its own stream
            rng.choice(["Great, thank you", "Too slow to respond", "Loved the speakers",
                        "Website checkout was confusing", "Keep it up", "Prices are high, but worth it"])
            polarity = survey_polarity(stype, score)
            context = {"csat": "support", "post_event": "event"}.get(stype, "nps")
            comment, themes = compose(self.seed, response_id, polarity, context)
            self.text_truth.append(("raw_survey_responses", response_id, polarity, "|".join(themes)))
        vals = {"response_id": response_id, "survey_name": name, "survey_type": stype,
                "respondent_email": None if anonymous else self._messy_email(p.email, rng),
                "submitted_at": us_ampm(t), "score": str(score), "touchpoint_ref": ref, "comment": comment}
        sink.add("raw_survey_responses", Row(t.timestamp(), vals, p.pid, naive(t)))

    def surveys(self, p: Person, rng: random.Random, sink: Sink) -> None:
        if not p.has_crm:
            return
        for when in (datetime(2025, 3, 20), datetime(2025, 9, 18), datetime(2026, 3, 19)):
            if when < p.t0 or rng.random() > (0.35 if p.is_member_trait else 0.12):
                continue
            t = when + timedelta(days=rng.randint(0, 10), hours=rng.randint(12, 23), minutes=rng.randint(0, 59))
            recent_bad = sum(timedelta(0) <= t - b <= timedelta(days=180) for b in p.bad_experiences)
            recent_good = sum(timedelta(0) <= t - g <= timedelta(days=180) for g in p.good_experiences)
            mu = 7.6 + 0.6 * min(recent_good, 2) - 3.0 * min(recent_bad, 2) + 0.3 * (p.engagement - 1)
            score = max(0, min(10, round(rng.gauss(mu, 1.8))))
            if score <= 6:
                p.bad_experiences.append(t)
            self.survey_row(p, rng, sink, f"Member NPS {when:%b %Y}", "nps", t, score, None)

    # ---- background ----------------------------------------------------------------------------------
    def email_background(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]]) -> None:
        if not p.has_crm or rng.random() < 0.15:
            return
        bouncing = rng.random() < 0.015
        p_open = min(0.55, 0.12 + 0.06 * p.engagement)
        for camp in self.campaigns:
            if camp.sent_at < p.t0:
                continue
            if camp.kind == "renewal" and not p.is_member_trait:
                continue
            if camp.kind in ("event_promo", "publication") and rng.random() < 0.5:
                continue
            if camp.kind in ("newsletter", "renewal") and rng.random() < 0.4:
                continue
            sent = camp.sent_at + timedelta(seconds=rng.randint(0, 3600 * self.effects.email_send_spread_hours))
            self.email_row(p, rng, sink, camp, "sent", sent)
            if bouncing:
                self.email_row(p, rng, sink, camp, "bounce", sent + timedelta(seconds=rng.randint(5, 600)))
                if rng.random() < 0.5:
                    return
                continue
            fade = 1 - self.effects.lapse_engagement_drop if self.effects.fades(p, sent) else 1.0
            reading = self.effects.member_reading_hours if p.is_member_trait else None
            if reading:
                fade *= 1.8 if reading_fresh(sent, p.tz, reading) else 0.6
            if rng.random() < p_open * fade:
                opened = (next_reading_time(sent, p.tz, reading, rng) if reading
                          else sent + timedelta(minutes=int(rng.lognormvariate(4.5, 1.5))))
                if opened > C.END:
                    continue
                self.email_row(p, rng, sink, camp, "open", opened)
                if rng.random() < 0.18:
                    clicked = opened + timedelta(seconds=rng.randint(5, 300))
                    self.email_row(p, rng, sink, camp, "click", clicked, url_slug=camp.slug)
                    path = "/events" if camp.kind == "event_promo" else "/news"
                    self.web_session(p, rng, sink, late, clicked + timedelta(seconds=15),
                                     self.source_for("email", rng, camp.slug), [path, "/about"][: rng.randint(1, 2)])
            if rng.random() < 0.004:
                self.email_row(p, rng, sink, camp, "unsubscribe", sent + timedelta(hours=rng.randint(1, 72)))
                return

    def browsing(self, p: Person, rng: random.Random, sink: Sink, late: dict[str, list[Row]]) -> None:
        lo = max(p.t0, C.START)
        pages = ["/", "/about", "/events", "/membership", "/publications", "/news/annual-report", "/shop",
                 "/news/policy-brief", "/careers", "/donate"]
        for _ in range(poisson(rng, 1.2 * p.engagement)):
            t = rand_time(rng, lo, C.END)
            if self.effects.fades(p, t) and rng.random() < self.effects.lapse_engagement_drop:
                continue  # a visit that fading engagement no longer makes
            ch = pick(rng, [("organic", 0.35), ("direct", 0.3), ("social", 0.12), ("referral", 0.1), ("paid", 0.13)])
            visit = rng.sample(pages, rng.randint(1, 4))
            if ch == "paid":
                click_id, camp = self.ad_click(p, rng, sink, t, rng.choice(["google_ads", "meta_ads", "meta_ads"]))
                if rng.random() < 0.1:
                    continue
                src = self.source_for("paid", rng, camp.name.lower().replace(" - ", "-").replace(" ", "-"), click_id,
                                      camp.platform)
            else:
                src = self.source_for(ch, rng)
            end = self.web_session(p, rng, sink, late, t, src, visit, login=p.has_crm and rng.random() < 0.15)
            if rng.random() < 0.04:  # comes back after a long pause: a new session by the 30-minute rule
                self.web_session(p, rng, sink, late, end + timedelta(minutes=rng.randint(31, 90)), {}, ["/"])

    def wrap_up(self, sink: Sink) -> None:
        for d, cur, rate in self.fx.rows():
            vals = {"rate_date": d.isoformat(), "currency": cur, "usd_per_unit": f"{rate:.6f}"}
            sink.add("raw_fx_rates", Row(datetime.combine(d, datetime.min.time()).timestamp(), vals, "",
                                         d.isoformat()))


__all__ = ["Simulation", "iso_offset", "iso_z", "naive", "us_ampm"]
