"""Customer ids stay stable from one publication to the next (issue: daily deliveries).

The daily-deliveries world (deliveries_world.py) is published day by day. Its last day brings, besides
its own records, a CRM record for a customer known until then by email only (its content hash
would change: its smallest person identifier is now a CRM id) and a help-desk ticket carrying one
customer's email with another customer's phone, so the two turn out to be one person, and a CRM
record flagged as a test account carrying a third customer's email. The last day's publication
must keep every id, keep the older of the two merged ids and log the other one in
audit.identity_changes, log the test account's id as removed, and log every id that goes;
publishing the same folder again changes no id and logs nothing twice.
"""

from __future__ import annotations

import hashlib

from deliveries_world import NEW_CONTACT


def new_changes(delivered) -> list[tuple[str, str, str]]:
    """What the last day's publication added to the id-change log."""
    before = set(delivered.before_last_day.changes)
    return [c for c in delivered.last_day.changes if c not in before]


def test_a_customer_keeps_its_id_when_it_gains_an_identifier(delivered):
    before, after = delivered.before_last_day.identifiers, delivered.last_day.identifiers
    assert ("crm_contact_id", NEW_CONTACT) in after[delivered.grown_id]
    assert before[delivered.grown_id] < after[delivered.grown_id]
    # the id of the grown customer's content would be another one: stability is not a coincidence
    fresh = "cus_" + hashlib.md5(f"1:crm_contact_id:{NEW_CONTACT}".encode()).hexdigest()[:20]
    assert fresh != delivered.grown_id
    assert not [c for c in new_changes(delivered) if c[0] == delivered.grown_id]  # never retired


def test_two_customers_found_to_be_one_keep_the_older_id_and_log_the_other(delivered):
    survivor, retired = delivered.merged
    before, after = delivered.before_last_day.identifiers, delivered.last_day.identifiers
    assert retired not in after and retired not in delivered.last_day.ids_published
    assert before[survivor] | before[retired] <= after[survivor]
    assert [c for c in new_changes(delivered) if retired in c[:2] or survivor in c[:2]] == \
        [(retired, survivor, "merge")]


def test_a_customer_found_to_be_a_test_account_is_logged_as_removed(delivered):
    removed = delivered.removed_id
    assert removed in delivered.before_last_day.identifiers
    assert removed not in delivered.last_day.identifiers and removed not in delivered.last_day.ids_published
    assert [c for c in new_changes(delivered) if c[0] == removed] == [(removed, None, "removed")]


def test_a_customer_whose_own_record_is_flagged_a_test_account_is_logged_as_removed(delivered):
    """Its CRM record exported again with is_test set, nothing else changed: no identifier of it
    moves or changes, yet the day's build takes it out of the published customers (a build that
    resolved again only the components whose identifiers changed would keep it)."""
    flagged = delivered.flagged_id
    assert flagged and flagged != delivered.removed_id
    assert flagged in delivered.before_last_day.identifiers
    assert flagged not in delivered.last_day.identifiers and flagged not in delivered.last_day.ids_published
    assert [c for c in new_changes(delivered) if c[0] == flagged] == [(flagged, None, "removed")]


def test_every_other_customer_keeps_its_id_and_its_identifiers(delivered):
    """The last day brings new records for some customers too: no identifier moves to another id
    without the log saying so, and a customer's id goes exactly when the log says it was merged
    away or removed."""
    before, after = delivered.before_last_day.identifiers, delivered.last_day.identifiers
    logged = {(c[0], c[1]) for c in new_changes(delivered)}
    retired = {c[0] for c in new_changes(delivered) if c[2] in ("merge", "removed")}
    owner = {ident: cid for cid, ids in after.items() for ident in ids}
    for cid, ids in before.items():
        moved = {owner[i] for i in ids if owner.get(i, cid) != cid}
        assert all((cid, to) in logged for to in moved), (cid, moved)
        assert (cid in after) == (cid not in retired), cid
    unchanged = [cid for cid, ids in before.items() if after.get(cid) == ids]
    assert len(unchanged) > len(before) // 2, "the last day is one day: most customers are untouched"


def test_publishing_the_same_delivery_again_changes_no_id(delivered):
    assert delivered.again.identifiers == delivered.last_day.identifiers
    assert delivered.again.changes == delivered.last_day.changes
    assert delivered.again.ids_published == delivered.last_day.ids_published
