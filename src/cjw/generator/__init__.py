"""Deterministic demo-world generator with ground truth (see world.py and simulate.py)."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

from .simulate import Simulation
from .sink import Row, Sink
from .world import Effects

CHUNK = 2000

# A world with three planted answers for the impact analysis: attending a workshop at least 30 days
# before the term ends (before renewals are decided) raises the renewal probability of the term from
# 0.60 to 0.90, conferences and webinars do nothing, and print mail goes out at random to the people
# it can reach and changes nothing. Engagement, which the warehouse cannot see, does not move
# renewal here, and more people are members, so that a 1,500-person world has enough terms. A fourth
# answer, for silent churn: in the 120 days before a term that lapses ends, 80 % of the member's email
# opens and website visits do not happen. A fifth, a null for engagement timing: each recipient's
# email goes out at a random hour of the campaign's day, and no one opens more at one hour than another.
PLANTED = Effects(renewal_base=0.60, renewal_per_engagement=0.0, effect_ends_days_before_term_end=30,
                  member_share=0.60,
                  renewal_per_attendance=(("conference", 0.0), ("webinar", 0.0), ("workshop", 0.30)),
                  mail_targeting="random", mail_response=0.0, lapse_engagement_drop=0.8,
                  email_send_spread_hours=24)

# A world with a planted answer for engagement timing: emails go out at every hour, and members read
# email only from 7 to 9 am local time; they open what arrived from 4 am on far more often than what
# lies further down the inbox by then.
MORNING_READERS = Effects(member_share=0.60, email_send_spread_hours=24, member_reading_hours=(7, 9))


def person_rng(seed: int, i: int) -> random.Random:
    return random.Random(seed * 1_000_003 + i * 7_919 + 17)


def generate(people: int, seed: int, out: Path, truth: Path | None = None, bad_rate: float = 0.005,
             progress: Callable[[int], None] | None = None, effects: Effects | None = None) -> dict[str, int]:
    """Write the 12 raw exports for `people` people into `out`, and ground truth into `truth`
    (`effects`: what touches do to behaviour; the demo world's by default)."""
    world = Simulation(people, seed, effects)
    sink = Sink(out, truth, random.Random(seed ^ 0x5EED), bad_rate, random.Random(seed ^ 0xFA17), world.usd_of)
    people_fh = ident_fh = renewal_fh = None
    if truth is not None:
        truth.mkdir(parents=True, exist_ok=True)
        people_fh = open(truth / "people.csv", "w", newline="", encoding="utf-8")
        ident_fh = open(truth / "identifiers.csv", "w", newline="", encoding="utf-8")
        pw, iw = csv.writer(people_fh, lineterminator="\n"), csv.writer(ident_fh, lineterminator="\n")
        pw.writerow(["person_id", "first_name", "last_name", "country", "is_test", "has_crm", "email",
                     "phone_e164", "member_number", "social_handle", "is_member_trait", "engagement", "time_zone"])
        iw.writerow(["person_id", "identifier_type", "identifier_value", "shared_with_others"])
        renewal_fh = open(truth / "renewal_decisions.csv", "w", newline="", encoding="utf-8")
        rw = csv.writer(renewal_fh, lineterminator="\n")
        event_kinds = [kind for kind, _ in world.effects.renewal_per_attendance]
        rw.writerow(["person_id", "term_start", "term_end", "renew_probability",
                     "renew_probability_without_events", *(f"{kind}s_attended" for kind in event_kinds)])
    late: dict[str, list[Row]] = {}
    for i in range(people):
        rng = person_rng(seed, i)
        p = world.make_person(i, rng)
        world.simulate(p, rng, sink, late)
        if truth is not None:
            pw.writerow([p.pid, p.first, p.last, p.country, p.is_test, p.has_crm, p.email, p.phone_e164,
                         p.member_number or "", p.handle or "", p.is_member_trait, f"{p.engagement:.3f}", p.tz])
            shared_phone = i in world.shared.household_phone
            iw.writerow([p.pid, "email", p.email, False])
            if p.work_email:
                iw.writerow([p.pid, "email", p.work_email, False])
            if i in world.shared.shared_mailbox:
                iw.writerow([p.pid, "email", world.shared.shared_mailbox[i], True])
            if i in world.shared.generic_email:
                iw.writerow([p.pid, "email", world.shared.generic_email[i], True])
            iw.writerow([p.pid, "phone", p.phone_e164, shared_phone])
            for cid in p.contact_ids:
                iw.writerow([p.pid, "crm_contact_id", cid, False])
            if p.member_number:
                iw.writerow([p.pid, "member_number", p.member_number, False])
            if p.handle:
                iw.writerow([p.pid, "social_handle", p.handle, False])
            for c in p.clients:
                iw.writerow([p.pid, "client_id", c.client_id, False])
            for start, end, prob, prob_without, attended in p.renewal_decisions:
                rw.writerow([p.pid, start.isoformat(), end.isoformat(), f"{prob:.4f}", f"{prob_without:.4f}",
                             *(attended[kind] for kind in event_kinds)])
        if (i + 1) % CHUNK == 0:
            carry, late = late, {}
            sink.flush(keep=carry)
            if progress:
                progress(i + 1)
    # rows that arrive late are written after everything else of their export
    sink.flush(keep=late)
    world.wrap_up(sink)
    counts = sink.close()
    for fh in (people_fh, ident_fh, renewal_fh):
        if fh:
            fh.close()
    if truth is not None:
        with open(truth / "texts.csv", "w", newline="", encoding="utf-8") as fh:
            tw = csv.writer(fh, lineterminator="\n")
            tw.writerow(["source_file", "record_id", "sentiment", "themes"])
            tw.writerows(world.text_truth)
    return counts
