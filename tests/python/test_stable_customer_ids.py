"""Customer ids stay stable from one publication to the next (issue: daily deliveries).

The session's world is published; then the same world grows, delivered over that publication:
a CRM record appears for a customer known until now only by email (its content hash would
change: its smallest person identifier is now a CRM id), and a help-desk ticket carries one
customer's email with another customer's phone, so the two turn out to be one person. The new
publication must keep every id, keep the older of the two merged ids, and log the other one in
audit.identity_changes; a publication is also idempotent (nothing logged twice).
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from cjw.build import build

NEW_CONTACT = "003AGROWN000001"


def append_row(path: Path, values: dict[str, str]) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([values.get(c, "") for c in header])


@dataclass
class Grown:
    before: dict[str, set[tuple[str, str]]]  # customer id -> its identifiers, first publication
    after: dict[str, set[tuple[str, str]]]
    grown_id: str
    merged: tuple[str, str]  # (expected survivor, expected retired)
    changes: list[tuple]
    ids_published: set[str]
    again: dict[str, set[tuple[str, str]]]  # the same delivery published once more
    changes_again: list[tuple]


def identifiers(restricted: Path) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    with duckdb.connect(str(restricted), read_only=True) as con:
        for cid, kind, value in con.execute(
                "select customer_id, identifier_type, identifier_value from customer_identifiers_unmasked").fetchall():
            out.setdefault(cid, set()).add((kind, value))
    return out


@pytest.fixture(scope="module")
def grown(built_world, tmp_path_factory) -> Grown:
    root = tmp_path_factory.mktemp("grown")
    delivery = root / "delivery"
    shutil.copytree(built_world.raw_dir, delivery, ignore=shutil.ignore_patterns("_truth"))
    published = root / "published" / built_world.warehouse.name
    published.parent.mkdir()
    shutil.copy(built_world.warehouse, published)
    shutil.copy(built_world.restricted, published.with_name("restricted.duckdb"))
    before = identifiers(built_world.restricted)
    with duckdb.connect(str(built_world.restricted), read_only=True) as con:
        first_seen = dict(con.execute("select customer_id, min(first_seen_at) from customer_identifiers_unmasked "
                                      "group by all").fetchall())
    kinds = {cid: {k for k, _ in ids} for cid, ids in before.items()}
    # a customer known by email only (no CRM record, member number or phone) gets a CRM record
    grown_id = sorted(c for c, k in kinds.items() if "email" in k and not k & {"crm_contact_id", "member_number",
                                                                                "phone"})[0]
    email = sorted(v for k, v in before[grown_id] if k == "email")[0]
    # under the person's own name (a record with another name on the address would quarantine it)
    with open(built_world.truth_dir / "identifiers.csv", encoding="utf-8", newline="") as fh:
        person = next(r["person_id"] for r in csv.DictReader(fh) if (r["identifier_type"], r["identifier_value"])
                      == ("email", email))
    with open(built_world.truth_dir / "people.csv", encoding="utf-8", newline="") as fh:
        who = next(r for r in csv.DictReader(fh) if r["person_id"] == person)
    append_row(delivery / "raw_crm_contacts.csv", {
        "contact_id": NEW_CONTACT, "email": email, "first_name": who["first_name"], "last_name": who["last_name"],
        "country": who["country"],
        "created_at": "2026-06-29T10:00:00Z", "last_modified_at": "2026-06-29T10:00:00Z", "is_test": "false"})
    # a ticket with one CRM customer's email and another's phone: one person
    crm = sorted(c for c, k in kinds.items() if {"crm_contact_id", "email", "phone"} <= k and c != grown_id)
    a, b = crm[0], crm[1]
    append_row(delivery / "raw_support_tickets.csv", {
        "ticket_id": "990001", "requester_email": sorted(v for k, v in before[a] if k == "email")[0],
        "requester_phone": sorted(v for k, v in before[b] if k == "phone")[0], "channel": "email",
        "category": "billing", "status": "solved", "created_at": "2026-06-29T11:00:00Z",
        "first_response_at": "2026-06-29T12:00:00Z", "solved_at": "2026-06-29T13:00:00Z",
        "satisfaction_rating": "unoffered"})
    survivor, retired = sorted((a, b), key=lambda c: (first_seen[c], c))
    old = os.environ.get("DUCKDB_PATH")
    os.environ["DUCKDB_PATH"] = str(published)
    try:
        build(raw_dir=delivery)
        after = identifiers(published.with_name("restricted.duckdb"))
        with duckdb.connect(str(published), read_only=True) as con:
            changes = con.execute("select previous_customer_id, customer_id, change_kind "
                                  "from audit.identity_changes").fetchall()
            ids = {r[0] for r in con.execute("select customer_id from marts.dim_customers").fetchall()}
            ids |= {r[0] for r in con.execute("select distinct customer_id from marts.fct_touchpoints "
                                              "where customer_id is not null").fetchall()}
        # the same delivery once more, over the publication it made
        build(raw_dir=delivery)
        again = identifiers(published.with_name("restricted.duckdb"))
        with duckdb.connect(str(published), read_only=True) as con:
            changes_again = con.execute("select previous_customer_id, customer_id, change_kind "
                                        "from audit.identity_changes").fetchall()
    finally:
        if old is None:
            os.environ.pop("DUCKDB_PATH", None)
        else:
            os.environ["DUCKDB_PATH"] = old
    return Grown(before, after, grown_id, (survivor, retired), changes, ids, again, changes_again)


def test_a_customer_keeps_its_id_when_it_gains_an_identifier(grown):
    assert ("crm_contact_id", NEW_CONTACT) in grown.after[grown.grown_id]
    assert grown.before[grown.grown_id] < grown.after[grown.grown_id]
    # the id of the grown customer's content would be another one: stability is not a coincidence
    fresh = "cus_" + hashlib.md5(f"1:crm_contact_id:{NEW_CONTACT}".encode()).hexdigest()[:20]
    assert fresh != grown.grown_id


def test_two_customers_found_to_be_one_keep_the_older_id_and_log_the_other(grown):
    survivor, retired = grown.merged
    assert retired not in grown.after and retired not in grown.ids_published
    assert grown.before[survivor] | grown.before[retired] <= grown.after[survivor]
    assert grown.changes == [(retired, survivor, "merge")]


def test_every_other_customer_keeps_its_id_and_its_identifiers(grown):
    survivor, retired = grown.merged
    unchanged = set(grown.before) - {survivor, retired, grown.grown_id}
    assert {c: grown.after.get(c) for c in unchanged} == {c: grown.before[c] for c in unchanged}
    assert set(grown.after) == set(grown.before) - {retired}


def test_publishing_the_same_delivery_again_changes_no_id(grown):
    assert grown.again == grown.after
    assert grown.changes_again == grown.changes
