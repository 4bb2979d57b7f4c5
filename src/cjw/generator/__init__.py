"""Deterministic demo-world generator with ground truth (see world.py and simulate.py)."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

from .simulate import Simulation
from .sink import Row, Sink

CHUNK = 2000


def person_rng(seed: int, i: int) -> random.Random:
    return random.Random(seed * 1_000_003 + i * 7_919 + 17)


def generate(people: int, seed: int, out: Path, truth: Path | None = None, bad_rate: float = 0.005,
             progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Write the 12 raw exports for `people` people into `out`, and ground truth into `truth`."""
    world = Simulation(people, seed)
    sink = Sink(out, truth, random.Random(seed ^ 0x5EED), bad_rate, random.Random(seed ^ 0xFA17))
    people_fh = ident_fh = None
    if truth is not None:
        truth.mkdir(parents=True, exist_ok=True)
        people_fh = open(truth / "people.csv", "w", newline="", encoding="utf-8")
        ident_fh = open(truth / "identifiers.csv", "w", newline="", encoding="utf-8")
        pw, iw = csv.writer(people_fh, lineterminator="\n"), csv.writer(ident_fh, lineterminator="\n")
        pw.writerow(["person_id", "first_name", "last_name", "country", "is_test", "has_crm", "email",
                     "phone_e164", "member_number", "social_handle", "is_member_trait", "engagement"])
        iw.writerow(["person_id", "identifier_type", "identifier_value", "shared_with_others"])
    late: dict[str, list[Row]] = {}
    for i in range(people):
        rng = person_rng(seed, i)
        p = world.make_person(i, rng)
        world.simulate(p, rng, sink, late)
        if truth is not None:
            pw.writerow([p.pid, p.first, p.last, p.country, p.is_test, p.has_crm, p.email, p.phone_e164,
                         p.member_number or "", p.handle or "", p.is_member_trait, f"{p.engagement:.3f}"])
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
        if (i + 1) % CHUNK == 0:
            carry, late = late, {}
            sink.flush(keep=carry)
            if progress:
                progress(i + 1)
    # rows that arrive late are written after everything else of their export
    sink.flush(keep=late)
    world.wrap_up(sink)
    counts = sink.close()
    for fh in (people_fh, ident_fh):
        if fh:
            fh.close()
    return counts
