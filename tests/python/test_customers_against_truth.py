"""The unified customer table and touchpoints against the generator's truth."""

from __future__ import annotations

import csv
import random
import shutil
from decimal import Decimal

import duckdb
import pytest
from tests_support import unknowable_test_records

from cjw.build import PROJECT_DIR, build
from cjw.compare import compare


def test_no_test_records_in_marts(built_world):
    """Nothing resolved to a test person's records reaches the marts (an ad click that never landed
    on a known visitor cannot be known to be a test person's, and stays anonymous; a record that
    nothing ties to their test record is a stranger's to the warehouse: unknowable_test_records)."""
    con = built_world.connect()
    truth = built_world.truth_dir
    tainted = con.execute(f"""
        with test_people as (
            select person_id from read_csv('{truth / 'people.csv'}', all_varchar = true) where is_test = 'True'
        ),
        test_lines as (
            select source_file, record_id from read_csv('{truth / 'rows.csv'}', all_varchar = true)
            where person_id in (select * from test_people) and status = 'staged'
        ),
        marked_test_people as (
            -- a test person whose every CRM record was quarantined (seed 16193362: its one record
            -- lacked its id) is marked test nowhere the warehouse can read: a stranger to it
            select person_id from read_csv('{truth / 'rows.csv'}', all_varchar = true)
            where person_id in (select * from test_people) and source_file = 'raw_crm_contacts' and status = 'staged'
        ),
        test_identifiers as (
            select identifier_value from read_csv('{truth / 'identifiers.csv'}', all_varchar = true)
            where person_id in (select * from marked_test_people) and identifier_type in ('crm_contact_id', 'client_id')
        )
        select
            (select count(*) from test_people),
            (select count(*) from restricted.customer_identifiers_unmasked
             where identifier_value in (select * from test_identifiers)),
            (select list(distinct struct_pack(source_file := l.source_file, record_id := l.record_id))
             from marts.fct_touchpoints t
             join test_lines l on t.source_record_id = l.record_id
             and t.source_system <> 'web' and t.customer_id is not null)
    """).fetchone()
    assert tainted[0] > 0, "the world has test people"
    leaked = {(r["source_file"], r["record_id"]) for r in tainted[2] or []} - unknowable_test_records(built_world)
    assert tainted[1] == 0 and not leaked, (tainted[1], leaked)


def test_touchpoint_revenue_matches_truth(built_world):
    """Each revenue touchpoint carries the USD amount the generator computed, or 0 when refunded or
    cancelled; lifetime revenue is the sum over the customer's touchpoints."""
    con = built_world.connect()
    truth = {}
    with open(built_world.truth_dir / "rows.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["status"] == "staged" and row["usd"]:
                truth[(row["source_file"], row["record_id"])] = Decimal(row["usd"])
    system_file = {"orders": "raw_orders", "memberships": "raw_memberships", "events": "raw_event_registrations"}
    rows = con.execute("select source_system, source_record_id, touchpoint_type, revenue_usd "
                       "from marts.fct_touchpoints where revenue_usd is not null").fetchall()
    assert rows
    wrong = []
    for system, record, ttype, revenue in rows:
        expected = truth[(system_file[system], record)]
        if ttype.endswith(("_refunded", "_cancelled")) or ttype == "event_registration_cancelled":
            expected = Decimal("0.00")
        if Decimal(str(revenue)) != expected:
            wrong.append((system, record, ttype, revenue, expected))
    assert not wrong, wrong[:5]
    mismatch = con.execute("""
        select count(*) from marts.dim_customers d
        left join (select customer_id, sum(revenue_usd) r from marts.fct_touchpoints group by 1) t using (customer_id)
        where d.lifetime_revenue_usd <> coalesce(t.r, 0)
    """).fetchone()[0]
    assert mismatch == 0


def test_the_same_data_in_another_row_order_publishes_the_same_numbers(built_world, tmp_path, monkeypatch):
    """The same data delivered in another row order gives the same customer ids and the same
    published tables, every row and value of every mart (bootstrap intervals, model scores and
    tie-breaks included): the numbers are a function of the data alone. Records are shuffled whole
    (a quoted value may hold a line break, so a record can span lines)."""
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    rng = random.Random(7)
    for src in built_world.raw_dir.glob("*.csv"):
        with open(src, encoding="utf-8", newline="") as fh:
            records = list(csv.reader(fh))
        body = records[1:]
        rng.shuffle(body)
        with open(shuffled / src.name, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows([records[0], *body])
    target = tmp_path / "wh" / "warehouse.duckdb"
    monkeypatch.setenv("DUCKDB_PATH", str(target))
    build(raw_dir=shuffled)
    query = ("select identifier_type, identifier_value, customer_id from restricted.customer_identifiers_unmasked "
             "order by all")
    first = built_world.connect().execute(query).fetchall()
    second = duckdb.connect(str(target.with_name("restricted.duckdb")), read_only=True).execute(query).fetchall()
    assert first == second
    differing = [d.line() for d in compare(built_world.warehouse, target, ["marts", "reporting"]) if not d.identical]
    assert not differing, differing
    shutil.rmtree(tmp_path / "wh")


@pytest.mark.parametrize("column", ["touchpoint_count", "channel_count"])
def test_touchpoint_counts_are_consistent(built_world, column):
    con = built_world.connect()
    expr = "count(*)" if column == "touchpoint_count" else "count(distinct channel)"
    bad = con.execute(f"""
        select count(*) from marts.dim_customers d
        left join (select customer_id, {expr} n from marts.fct_touchpoints group by 1) t using (customer_id)
        where d.{column} <> coalesce(t.n, 0)
    """).fetchone()[0]
    assert bad == 0


def test_lybunt_audience_matches_the_generators_donations(built_world):
    """LYBUNT (gave last calendar year, not this year up to the as-of date) from the generator's
    truth: the donations it wrote (completed, staged), grouped by true person, then the customers
    the warehouse made of those people's donation records. The audience must hold them, and only
    them, but for people the identity graph split or merged (at most 2 % either way)."""
    con = built_world.connect()
    as_of = con.execute("select data_end_date from intermediate.int_data_bounds").fetchone()[0]
    staged = {}
    with open(built_world.truth_dir / "rows.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["source_file"] == "raw_orders" and row["status"] == "staged":  # the version that stands
                staged[int(row["line_number"])] = (row["person_id"], row["ts_utc"])
    gave = {}  # person -> years given in
    records = {}  # person -> donation record ids
    with open(built_world.raw_dir / "raw_orders.csv", encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            order_id = row["order_id"].strip()
            if line not in staged or row["order_type"].strip().lower() != "donation":
                continue
            if row["status"].strip().lower() != "completed":
                continue
            person, ts = staged[line]
            if ts[:10] > f"{as_of:%Y-%m-%d}":
                continue
            gave.setdefault(person, set()).add(int(ts[:4]))
            records.setdefault(person, set()).add(order_id)
    lybunt_people = {p for p, years in gave.items() if as_of.year - 1 in years and as_of.year not in years}
    assert len(lybunt_people) >= 10, "the world has LYBUNT donors"
    owner = dict(con.execute("select source_record_id, customer_id from marts.fct_touchpoints "
                             "where source_system = 'orders' and customer_id is not null").fetchall())
    expected = {owner[r] for p in lybunt_people for r in records[p] if r in owner}
    audience = {r[0] for r in con.execute(
        "select customer_id from reporting.mart_audiences where audience = 'lybunt'").fetchall()}
    missing, extra = expected - audience, audience - expected
    assert len(missing) <= 0.02 * len(expected) and len(extra) <= 0.02 * len(expected), (len(expected),
                                                                                          missing, extra)


def test_audience_export_writes_contacts_outside_the_bi_file(built_world, tmp_path):
    """`cjw audiences`: one owner-only CSV per enabled audience of the seed, the mart's rows with
    the restricted file's contact fields; the BI file itself has no contact field, and an export
    beside the BI file or into the report app is refused."""
    from cjw.audiences import AudienceError, export_audiences

    out = tmp_path / "audiences"
    counts = export_audiences(built_world.warehouse, built_world.restricted, out)
    con = built_world.connect_published()
    mart = dict(con.execute("select audience, count(*) from reporting.mart_audiences group by 1").fetchall())
    with open(PROJECT_DIR / "seeds" / "reference" / "audiences.csv", encoding="utf-8", newline="") as fh:
        enabled = {r["audience"] for r in csv.DictReader(fh) if r["is_enabled"] == "true"}
    assert set(counts) == enabled and sorted(p.name for p in out.iterdir()) == sorted(f"{a}.csv" for a in enabled)
    with duckdb.connect(str(built_world.restricted), read_only=True) as restricted:
        profiles = {customer: (email or "", phone or "") for customer, email, phone in restricted.execute("""
            select p.customer_id, p.primary_email, min(u.identifier_value) filter (where u.identifier_type = 'phone')
            from customer_profiles as p
            left join customer_identifiers_unmasked as u on p.customer_id = u.customer_id
            group by all""").fetchall()}
    exported = []
    for audience, written in counts.items():
        assert written.rows == mart.get(audience, 0), audience
        path = out / f"{audience}.csv"
        assert path.stat().st_mode & 0o077 == 0
        with open(path, encoding="utf-8", newline="") as fh:
            lines = list(csv.DictReader(fh))
        assert len(lines) == written.rows
        for line in lines:
            # the restricted file's contacts, unmasked; a customer known by phone alone (a help-desk
            # caller) has no email but is still reachable
            assert (line["primary_email"], line["primary_phone"]) == profiles[line["customer_id"]], line
        # a person whose only address is a shared mailbox (never a primary email) and who gave no
        # phone is listed all the same, and counted, so the user is told
        assert written.without_contact == sum(1 for line in lines
                                              if not line["primary_email"] and not line["primary_phone"])
        exported += lines
    assert sum(written.rows for written in counts.values()) > 0
    unreachable = sum(written.without_contact for written in counts.values())
    assert unreachable <= 0.02 * len(exported), (unreachable, len(exported))
    with_email = sum(1 for line in exported if "@" in line["primary_email"] and "*" not in line["primary_email"])
    assert with_email >= 0.9 * len(exported), (with_email, len(exported))
    columns = {r[0] for r in con.execute("select column_name from information_schema.columns "
                                         "where table_name = 'mart_audiences'").fetchall()}
    assert not columns & {"first_name", "last_name", "primary_email", "primary_phone"}
    for place in (built_world.warehouse.parent / "audiences", PROJECT_DIR / "reports" / "build" / "audiences"):
        with pytest.raises(AudienceError, match="personal data"):
            export_audiences(built_world.warehouse, built_world.restricted, place)
        assert not place.exists()
