"""Daily deliveries (issue: daily deliveries): a raw folder of dated delivery folders builds the
same warehouse as one delivery holding the same rows, also when the deliveries arrive one build at
a time and each build starts from the previous one (incremental staging), and the warehouse
remembers what it loaded.

The world (deliveries_world.py, shared with test_stable_customer_ids): a history and 7 daily
deliveries with late web and email events, records repeated by overlapping exports, orders whose
refund is exported days later, a customer that gains a CRM record and two customers found to be
one on the last day, which is sent twice. Every mart and reporting table of the day-by-day builds
then equals the build of one delivery that concatenates the folders (the resent day is not read
again; customer ids compared through the identifiers they hold); audit.load_manifest lists every
file with its rows; the quarantine names the delivery file and the line; a second build of the
same folder changes nothing and keeps each file's first loaded_at.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import duckdb
import yaml
from deliveries_world import DAYS

from cjw.build import PROJECT_DIR, dbt_node
from cjw.compare import compare
from cjw.state import state_file


def test_the_split_has_what_daily_deliveries_bring(delivered):
    """The cut is a real test: a history and 7 days, records repeated across deliveries, and an
    order whose newer version arrives in a later delivery than its first."""
    assert delivered.folders[0].endswith("-history") and len(delivered.folders) == DAYS + 1
    versions: dict[str, set[tuple[str, str]]] = {}
    for folder in delivered.folders:
        path = delivered.root / folder / "raw_orders.csv"
        if path.exists():
            with open(path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    versions.setdefault(row["order_id"], set()).add((folder, row["updated_at"]))
    reexported = [o for o, v in versions.items() if len({f for f, _ in v}) > 1 and len({u for _, u in v}) > 1]
    assert reexported, "an order re-exported in a later delivery"
    repeats = sum(r[6] for r in delivered.manifest_first if r[0] != delivered.folders[0])
    assert repeats > 0, "records repeated across deliveries"


def test_each_day_is_built_from_the_build_before_it(delivered):
    """The history and the first days: a full build; each later day (the resent one with the last)
    and the same folder again: incremental, over the previous build."""
    assert delivered.started_from[0].startswith("full build: no previous build"), delivered.started_from
    assert all(s.startswith("incremental: ") for s in delivered.started_from[1:]), delivered.started_from
    assert delivered.started_from[-1].endswith(", 0 new file(s) to stage"), delivered.started_from


def test_the_fits_are_kept_between_refits(delivered):
    """The fits (tag refit) every 2 days of deliveries (CJW_REFIT_EVERY_DAYS=2): the full build
    fits them; the next day keeps them, row for row, though its data reach a day further; the last
    day, 2 days after the fit, refits them on its data; the same folder built again keeps those."""
    fits, digests = delivered.fits, delivered.fit_digests
    assert [f.split(":")[0] for f in fits] == ["refit", "kept", "refit", "kept"], fits
    assert "a full build" in fits[0] and "2 days before this one" in fits[2], fits
    assert digests[1] == digests[0] and digests[3] == digests[2], digests
    assert all(digests[2][table] != digests[1][table] for table in ("audit.model_fits", "marts.fct_lapse_scores")), \
        digests
    # made on the last day's data: the data's end of the build that holds them
    with duckdb.connect(str(state_file(delivered.second)), read_only=True) as con:
        fitted = con.execute("select distinct fitted_through_date from audit.model_fits").fetchall()
        (data_end,) = con.execute("select data_end_date from intermediate.int_data_bounds").fetchone()
    assert fitted == [(data_end,)], (fitted, data_end)


def test_a_folder_of_deliveries_builds_what_one_delivery_of_the_same_rows_builds(delivered):
    """Every mart and reporting table (and the restricted file) equal the single delivery's, though
    the folder's deliveries arrived over several builds, the later ones staged incrementally."""
    ids = (delivered.by_single.with_name("restricted.duckdb"), delivered.second.with_name("restricted.duckdb"))
    diffs = compare(delivered.by_single, delivered.second, ["marts", "reporting"], customer_ids=ids)
    assert diffs and all(d.identical for d in diffs), [d for d in diffs if not d.identical]
    # the quarantine's reasons are compared below: a future-dated row names its own delivery's date
    restricted = compare(*ids, ["main"], ignore_columns={"source_file", "row_number", "reason"}, customer_ids=ids)
    assert restricted and all(d.identical for d in restricted), [d for d in restricted if not d.identical]
    dated = re.compile(r"after the delivery date \d{4}-\d{2}-\d{2}")
    reasons = []
    for path in ids:
        with duckdb.connect(str(path), read_only=True) as con:
            rows = con.execute("select source_record_id, raw_row_unmasked, reason from quarantined_rows").fetchall()
        reasons.append(sorted((r[0] or "", r[1] or "", dated.sub("after the delivery date D", r[2])) for r in rows))
    assert reasons[0] == reasons[1]
    # and the customers a day-by-day build named when they first appeared are the fresh build's
    # customers: the same identifiers, each under one id on both sides
    with duckdb.connect() as con:
        for name, path in zip("ab", ids, strict=True):
            con.execute(f"attach '{path}' as {name} (read_only)")
        split = con.execute("select count(*) from (select a.customer_id from a.customer_identifiers_unmasked a "
                            "join b.customer_identifiers_unmasked b using (identifier_type, identifier_value) "
                            "group by a.customer_id having count(distinct b.customer_id) > 1)").fetchone()[0]
        assert split == 0


def test_the_day_that_closes_a_sends_response_window_settles_its_outcome(delivered):
    """int_email_sends is incremental by address and campaign: a day computes again the pairs its
    lines name, and those of the sends whose response window the data's new end closes. The
    history's planted send (a campaign of its own, no other line) is open before the last day and
    settled by it, in the day's build as in the single build of the same rows."""
    query = ("select is_outcome_known, _built_by from intermediate.int_email_sends where send_id = ?")
    with duckdb.connect(str(delivered.kept_before), read_only=True) as con:
        before = con.execute(query, [delivered.window_send]).fetchall()
    with duckdb.connect(str(delivered.first.parent / "kept-build.duckdb"), read_only=True) as con:
        after = con.execute(query, [delivered.window_send]).fetchall()
        run = con.execute("select max(_built_by) from intermediate.int_email_sends__named_units").fetchone()[0]
    with duckdb.connect(str(state_file(delivered.by_single)), read_only=True) as con:
        single = con.execute(query, [delivered.window_send]).fetchall()
    assert [known for known, _ in before] == [False], before
    assert after == [(True, run)], (after, run)
    assert [known for known, _ in single] == [True], single


def test_the_manifest_lists_every_delivered_file_and_skips_the_resent_one(delivered):
    rows = delivered.manifest_first
    folders = {r[0] for r in rows}
    assert folders == set(delivered.folders) | {f"{delivered.folders[-1]}-resent"}
    resent = [r for r in rows if r[0].endswith("-resent")]
    assert resent and all(r[2] == "duplicate" and r[3] == delivered.folders[-1] for r in resent)
    for r in rows:
        if r[2] == "loaded":
            assert r[4] == r[5] + r[6] + r[7] + r[8], r  # every record is accounted for
    # per export, the loaded files' records are the single delivery's
    with duckdb.connect(str(delivered.by_single), read_only=True) as con:
        single = dict(con.execute("select table_name, rows_delivered from audit.load_manifest").fetchall())
    loaded: dict[str, int] = {}
    for r in rows:
        if r[2] == "loaded":
            loaded[r[1]] = loaded.get(r[1], 0) + r[4]
    assert loaded == single
    # a day's delivery holds that day's events (late ones from the days before): its newest valid
    # event is on that day, UTC, or early the next (an ad click exported on the account's clock)
    with duckdb.connect(str(delivered.second), read_only=True) as con:
        days = con.execute("select delivery, max(max_event_at)::date - delivery[:10]::date from audit.load_manifest "
                           "where load_status = 'loaded' and delivery not like '%history' group by delivery").fetchall()
    assert len(days) == DAYS and all(lag in (0, 1) for _, lag in days), days


def test_the_quarantine_names_the_delivery_file_and_its_line(delivered):
    """A rejected record of a daily delivery is found at the line the quarantine names, in the
    file it names."""
    with duckdb.connect(str(delivered.second), read_only=True) as con:
        rows = con.execute("select source_file, row_number, source_record_id from audit.quarantine "
                           "where source_file like '%/%' and source_record_id is not null").fetchall()
    assert rows and all(r[0].split("/")[0] in delivered.folders for r in rows)
    checked = 0
    for source_file, line, record_id in rows:
        with open(delivered.root / source_file, encoding="utf-8", newline="") as fh:
            text = fh.read().split("\n")
        if "\"" in "".join(text[:line]):
            continue  # quoted line breaks: pytest's own line count would need a CSV parser
        assert record_id in text[line - 1], (source_file, line, record_id)
        checked += 1
    assert checked > 0


CHANGED_MARTS = ("fct_attribution", "fct_touchpoints", "fct_funnel_step_events", "fct_journeys",
                 "fct_journey_channel_steps", "fct_touchpoint_next_conversions", "fct_email_sends")


def test_a_days_bi_file_takes_only_the_days_changes(delivered):
    """The split (cjw.changes): the full build writes the BI file whole; each day's build, whose
    published BI file is the one its kept build published, copies that file and writes into it
    only the day's changes of the marts that follow a model's rows, under the delete + insert as
    under the merge in place (the tests above and below find the same marts as one build of the
    same rows, and as the day built again), and keeps the tables of the fits a day does not build;
    the published file touched since the last day (the last build here) is written whole again."""
    assert delivered.bi_files[0] == "written whole", delivered.bi_files
    assert delivered.bi_files[-1] == "written whole", delivered.bi_files
    rows = {mart: 0 for mart in CHANGED_MARTS}
    for said, fits in zip(delivered.bi_files[1:-1], delivered.fits[1:-1], strict=True):
        # a day that keeps the fits (tag refit, not built) keeps their tables of the previous file
        assert ("; kept as they were (not built in this run): " in said) == fits.startswith("kept"), (said, fits)
        assert ("fct_lapse_scores" in said) == fits.startswith("kept"), (said, fits)
    assert any(f.startswith("kept") for f in delivered.fits[1:-1]), delivered.fits
    for said in [*delivered.bi_files[1:-1], delivered.in_place_bi_file]:
        assert said.startswith("the previous BI file with the changes of "), said
        assert "; whole:" not in said, said
        for mart in CHANGED_MARTS:
            found = re.search(rf"\b{mart} \(([\d,]+) rows\)", said)
            assert found, (mart, said)
            rows[mart] += int(found.group(1).replace(",", ""))
    # the days changed rows in every such mart: the changes were written, not found empty
    assert all(rows.values()), rows


def test_a_failed_gate_stops_the_copy_of_the_kept_build(delivered):
    """A day's build copies the kept build while the gate checks the delivery: when that check
    fails (planted at once, the copy under way), the build stops with the gate's error, nothing
    is published, and the failed build's folder keeps no part of the copy."""
    assert "(planted)" in delivered.refused and "left unchanged" in delivered.refused, delivered.refused
    assert delivered.refused_published_same
    # the failed build's folder is kept for inspection, without the copy
    assert any("/" not in name for name in delivered.refused_left), delivered.refused_left
    assert not any(name.split("/")[-1].startswith("build.duckdb") for name in delivered.refused_left), \
        delivered.refused_left


def test_building_the_same_deliveries_again_changes_nothing(delivered):
    """Idempotent: the same marts, and the manifest keeps each file's first loaded_at (nothing new).
    The build again writes its BI file whole (the published file was touched since), the last
    day's took only that day's changes into a copy of the one before: so this also finds a change
    the copy missed."""
    diffs = compare(delivered.first, delivered.second, ["marts", "reporting"])
    assert all(d.identical for d in diffs), [d for d in diffs if not d.identical]
    first = {(r[0], r[1]): r for r in delivered.manifest_first}
    again = {(r[0], r[1]): r for r in delivered.manifest_again}
    assert first.keys() == again.keys()
    for key, row in again.items():
        assert row[9] == first[key][9] and not row[10], key  # loaded_at kept, not new
        assert row[:9] == first[key][:9], key
    # new in the build that first read it: the last arrival's files (the day and its resent copy)
    assert all(r[10] == (r[0][:10] == delivered.folders[-1][:10]) for r in delivered.manifest_first)


# the models whose incremental strategy is replace_units (dbt_project.yml), and the incremental
# base models (merge_changed)
REPLACE_UNITS_MODELS = ("int_identity_observations", "int_identity_record_pairs", "int_identifier_lookup",
                        "int_touchpoints_unioned", "int_touchpoints_identified", "int_web_events_sessionized",
                        "int_web_session_facts", "int_web_sessions", "int_journey_touchpoints", "int_journeys",
                        "int_journey_channel_steps", "int_attribution_rule_credits", "int_touchpoint_next_conversion",
                        "int_customer_touch_summary", "int_funnel_step_events", "int_identifiers_screened",
                        "int_identity_edges", "int_email_sends")
BASE_MODELS = ("base_ads__clicks", "base_commerce__orders", "base_crm__contacts", "base_direct_mail__mail_pieces",
               "base_email__activities", "base_events__registrations", "base_membership__events",
               "base_social__interactions", "base_support__tickets", "base_surveys__responses", "base_web__events")


def _rows_marked_deleted(kept_build: Path) -> dict[str, int]:
    """Per replace_units model of a kept build: the rows its table still holds marked as deleted
    (DuckDB's estimated_size counts them, count(*) does not)."""
    models = {**dict.fromkeys(REPLACE_UNITS_MODELS, "intermediate"), **dict.fromkeys(BASE_MODELS, "staging")}
    with duckdb.connect(str(kept_build), read_only=True) as con:
        sizes = {(schema, name): size for schema, name, size in con.execute(
            "select schema_name, table_name, estimated_size from duckdb_tables()").fetchall()}
        assert {(s, n) for n, s in models.items()} <= sizes.keys()
        return {name: sizes[(schema, name)] - con.execute(f"select count(*) from {schema}.{name}").fetchone()[0]
                for name, schema in models.items()}


def _rows_changed(con, schema: str, table: str, key: list[str], variable_width_only: bool = False) -> int:
    """Rows of `schema.table` whose key the previous build (attached as `before`) and the merged
    one (`merged`) both hold with another value in a column but the key and the run marker (with
    variable_width_only, in a column of variable width: what replace_units moves)."""
    fixed = ("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL", "DATE",
             "TIME", "TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "INTERVAL", "UUID")
    columns = [name for name, dtype in con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = 'merged' and schema_name = ? "
        "and table_name = ? order by column_index", [schema, table]).fetchall()
        if name not in key and name != "_built_by" and not (variable_width_only and dtype.split("(")[0] in fixed)]
    if not columns:
        return 0
    on = " and ".join(f"a.{k} = b.{k}" for k in key)
    differs = " or ".join(f'a."{c}" is distinct from b."{c}"' for c in columns)
    return con.execute(f"select count(*) from before.{schema}.{table} as a inner join merged.{schema}.{table} as b "
                       f"on {on} where {differs}").fetchone()[0]


def _merge_keys(config: str = "+merge_key") -> dict[str, list[str] | str]:
    """Each replace_units model's merge_key (or another of its settings), as dbt_project.yml
    configures it."""
    keys: dict[str, list[str] | str] = {}

    def walk(node: dict) -> None:
        for name, value in node.items():
            if isinstance(value, dict):
                if config in value:
                    keys[name] = value[config]
                walk(value)

    walk(yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8")))
    return keys


def test_merging_in_place_builds_what_deleting_builds(delivered):
    """replace_units deletes the replaced units' rows, or, with var replace_units_merge_mb set (by
    default 0 when the build's memory is bounded), merges the new rows in place by the model's
    merge_key where the delete would leave that many MB of delete marks. The last day built both
    ways from the same previous build (the merge under CJW_MEMORY_LIMIT alone) publishes the same
    warehouse, and leaves every replace_units table with the same rows. The delete + insert marks
    every row of every unit the day names with the day's run; the merge marks exactly the units
    whose rows changed (a row gone, new, or with another value), every row of each, names those
    beside its table, and leaves the others as the previous build had them, old marks included;
    both name the units they mark. The merge deletes only the rows whose key vanished and the rows
    it moves (written again with another value in a column of variable width, deleted and
    inserted); the delete, every old row of the named units; the base models, only the lines
    written again with another value."""
    diffs = compare(delivered.first, delivered.in_place, ["marts", "reporting"])
    assert all(d.identical for d in diffs), [d for d in diffs if not d.identical]
    assert len(diffs) > 40
    keys = _merge_keys()
    units = _merge_keys("+unit_key")
    # every replace_units model has one (merging without it is a compile error)
    assert set(keys) == set(REPLACE_UNITS_MODELS) == set(units), keys
    builds = {"deleting": delivered.first.parent / "kept-build.duckdb", "merged": state_file(delivered.in_place),
              "before": delivered.kept_before}
    vanished, moved, marked_units = {}, {}, {"deleting": {}, "merged": {}}
    with duckdb.connect() as con:
        for name, path in builds.items():
            con.execute(f"attach '{path}' as {name} (read_only)")
        for table in REPLACE_UNITS_MODELS:
            unit = units[table]
            columns = ", ".join(c for (c,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'merged' and table_name = ? "
                "and column_name != '_built_by' order by column_index", [table]).fetchall())
            rows = {build: f"select {columns} from {build}.intermediate.{table}" for build in builds}
            differ = con.execute(f"select count(*) from (({rows['deleting']} except all {rows['merged']}) union all "
                                 f"({rows['merged']} except all {rows['deleting']}))").fetchone()[0]
            assert differ == 0, (table, differ)
            # the units whose rows the day changed
            changed = {u for (u,) in con.execute(
                f"select distinct {unit} from (({rows['before']} except all {rows['merged']}) union all "
                f"({rows['merged']} except all {rows['before']}))").fetchall()}
            for build in ("deleting", "merged"):
                # the units with a row the day marked (a mark the previous build does not have),
                # every row of which it marked, and the units it named beside the table
                mark = (f"_built_by not in (select distinct _built_by from before.intermediate.{table})")
                marked = dict(con.execute(
                    f"select {unit}, bool_and({mark}) from {build}.intermediate.{table} group by all "
                    f"having bool_or({mark})").fetchall())
                assert all(marked.values()), (build, table, [u for u, whole in marked.items() if not whole][:5])
                named = {u for (u,) in con.execute(
                    f"select {unit} from {build}.intermediate.{table}__named_units where {mark}").fetchall()}
                # a named unit holds no row any more when the day emptied it
                assert set(marked) <= named, (build, table, len(set(marked) - named))
                marked_units[build][table] = named
                if build == "merged":
                    assert named == changed, (table, len(named - changed), len(changed - named))
                else:
                    assert named >= changed, (table, len(changed - named))
            key = ", ".join(keys[table])
            vanished[table] = con.execute(f"select count(*) from (select {key} from before.intermediate.{table} "
                                          f"except select {key} from merged.intermediate.{table})").fetchone()[0]
            # the rows the merge moves (deletes and inserts again): a key kept with another value
            # in a column of variable width (the others are updated in place)
            moved[table] = _rows_changed(con, "intermediate", table, keys[table], variable_width_only=True)
        for table in BASE_MODELS:
            # the base models' lines written again with another value (deleted and inserted again)
            moved[table] = _rows_changed(con, "staging", table, ["_line_number"])
        # the last day removed the conflicted activity's observations; both ways kept them beside
        # the table (keep_gone_rows), so that the identifiers they held were screened again
        for build in ("deleting", "merged"):
            gone = con.execute(f"select count(*) from {build}.intermediate.int_identity_observations__gone_rows "
                               "where source_file = 'raw_email_activity' and record_id = ?",
                               [delivered.conflicted]).fetchone()[0]
            assert gone > 0, build
    assert sum(len(u) for u in marked_units["merged"].values()) > 0, marked_units["merged"]
    # units written again unchanged, left alone by the merge
    unchanged = {t: len(marked_units["deleting"][t] - marked_units["merged"][t]) for t in REPLACE_UNITS_MODELS}
    assert sum(unchanged.values()) > 0, unchanged
    before = _rows_marked_deleted(delivered.kept_before)
    deleting = _rows_marked_deleted(builds["deleting"])
    merged = _rows_marked_deleted(builds["merged"])
    # at most the vanished and the moved rows (a checkpoint may vacuum a row group that lost many
    # rows, so the count of rows marked deleted can fall short of the rows deleted; never exceed it)
    assert all(0 <= merged[t] - before[t] <= vanished[t] + moved[t] for t in keys), (merged, before, vanished, moved)
    assert sum(deleting[t] - before[t] for t in REPLACE_UNITS_MODELS) > sum(
        vanished[t] + moved[t] for t in REPLACE_UNITS_MODELS), (deleting, before, vanished, moved)
    # the day changed values of variable width in place of some rows, which the merge moved
    assert sum(moved[t] for t in REPLACE_UNITS_MODELS) > 0, moved
    # the base models merge the lines of the keys a day brings again (merge_changed): they delete
    # and insert again the lines that changed, and no other, in every build (a delete + insert
    # of every line restaged left a deleted row in most vectors)
    assert all(0 <= build[name] - before[name] <= moved[name]
               for build in (deleting, merged) for name in BASE_MODELS), (deleting, merged, before, moved)
    assert sum(moved[name] for name in BASE_MODELS) > 0, moved


def _last_run_checks(warehouse: Path, layer: str) -> set[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return set(con.execute(
            "select check_name, expectation_type, column_name, severity, success, observed_value from audit.dq_results "
            "where layer = ? and run_id = (select max(run_id) from audit.dq_results)", [layer]).fetchall())


def test_a_build_under_a_memory_limit_gates_the_delivery_in_a_child(delivered):
    """Under a memory limit the delivery's checks run in a child process that exits before dbt
    starts: the last day built so (`in_place`) records the same raw checks with the same verdicts
    and observed values as the same day built from the same previous build in the build's process
    (`first`), and its Data Docs link the child's validations beside the warehouse stage's."""
    raw = _last_run_checks(delivered.in_place, "raw")
    assert raw == _last_run_checks(delivered.first, "raw")
    assert {name for name, *_ in raw} >= {"raw_web_events", "raw_orders"}
    assert _last_run_checks(delivered.in_place, "marts")
    runs = (delivered.in_place.parent / "data_docs" / "runs.html").read_text(encoding="utf-8")
    linked = set(re.findall(r">(\w+)\.([\w.]+)</a>", runs))
    assert {("raw", name) for name, *_ in raw} <= linked
    assert any(layer == "marts" for layer, _ in linked)


# the incremental models whose rows name no customer (customer ids differ by the survival rule)
UNIT_TABLES = ("int_identity_observations", "int_identity_record_pairs", "int_web_events_sessionized",
               "int_web_session_facts", "int_text_body_sentiment")


def test_the_incremental_tables_hold_what_the_single_build_holds(delivered):
    """Row for row (apart from the run that built a row, and the line numbers, which name the
    delivery), the day-by-day build's incremental tables equal the single delivery's, also where the
    last day quarantined an email activity of the history by a conflicting copy: the build that
    added the day no longer observes the identifiers it read from it."""
    with duckdb.connect() as con:
        for name, path in (("daily", state_file(delivered.second)), ("single", state_file(delivered.by_single))):
            con.execute(f"attach '{path}' as {name} (read_only)")
        for table in UNIT_TABLES:
            columns = ", ".join(c for (c,) in con.execute(
                "select column_name from duckdb_columns() where database_name = 'daily' and table_name = ? "
                "and column_name not in ('_built_by', 'source_line_number') order by column_index", [table]).fetchall())
            rows = con.execute(f"select count(*) from daily.intermediate.{table}").fetchone()[0]
            differ = con.execute(f"select count(*) from ((select {columns} from daily.intermediate.{table} except all "
                                 f"select {columns} from single.intermediate.{table}) union all (select {columns} "
                                 f"from single.intermediate.{table} except all select {columns} from "
                                 f"daily.intermediate.{table}))").fetchone()[0]
            assert rows > 0 and differ == 0, (table, rows, differ)
        # the guardrails' verdicts, screened again by identifier on each day; the graph's node
        # numbers differ (a day numbers the newly usable identifiers above the highest kept)
        daily, single = (f"select * exclude (node_idx, _built_by) from {name}.intermediate.int_identifiers_screened"
                         for name in ("daily", "single"))
        differ = con.execute(f"select count(*) from (({daily} except all {single}) "
                             f"union all ({single} except all {daily}))").fetchone()[0]
        assert differ == 0, differ
        # the address a quarantined record of the last day names under another name: quarantined
        # in both builds, though no observation of it changed that day
        reasons = con.execute("select list(quarantine_reason order by name) from (select 'daily' as name, * from "
                              "daily.intermediate.int_identifiers_screened union all select 'single', * from "
                              "single.intermediate.int_identifiers_screened) where identifier_type = 'email' "
                              "and identifier_value = ?", [delivered.shared_email]).fetchone()[0]
        assert len(reasons or []) == 2 and all(r.startswith("shared by different people") for r in reasons), reasons
        # the edges, built again by record: also those of the records carrying that address, whose
        # pairs no line of the day wrote; their graph numbers are the day's screening's
        daily, single = (f"select * exclude (node_idx_a, node_idx_b, _built_by) from {name}.intermediate."
                         "int_identity_edges" for name in ("daily", "single"))
        differ = con.execute(f"select count(*) from (({daily} except all {single}) "
                             f"union all ({single} except all {daily}))").fetchone()[0]
        assert differ == 0, differ
        dropped = con.execute("select count(*) filter (where not is_kept), count(*) from daily.intermediate."
                              "int_identity_edges where ? in (identifier_value_a, identifier_value_b)",
                              [delivered.shared_email]).fetchone()
        assert dropped[0] == dropped[1] > 0, dropped
        numbered = con.execute(
            "select count(*) from daily.intermediate.int_identity_edges as edges "
            "join daily.intermediate.int_identifiers_screened as a on (a.identifier_type, a.identifier_value) = "
            "(edges.identifier_type_a, edges.identifier_value_a) "
            "join daily.intermediate.int_identifiers_screened as b on (b.identifier_type, b.identifier_value) = "
            "(edges.identifier_type_b, edges.identifier_value_b) "
            "where edges.node_idx_a is distinct from a.node_idx or edges.node_idx_b is distinct from b.node_idx"
        ).fetchone()[0]
        assert numbered == 0, numbered
        numbers = con.execute("select count(*) filter (where is_usable), count(distinct node_idx), "
                              "count(*) filter (where is_usable != (node_idx is not null)), max(node_idx) "
                              "from daily.intermediate.int_identifiers_screened").fetchone()
        assert numbers[0] == numbers[1] > 0 and numbers[2] == 0 and numbers[3] >= numbers[0] - 1, numbers
        statuses = con.execute("select list(dq_status order by _line_number) from daily.staging.base_email__activities "
                               "where activity_id = ?", [delivered.conflicted]).fetchone()[0]
        assert statuses is not None and len(statuses) >= 2 and set(statuses) == {"quarantined"}, statuses
        # the history's copy was read by every build before the last day; none of it is left
        seen = con.execute("select count(*) from daily.intermediate.int_identity_observations where "
                           "source_file = 'raw_email_activity' and record_id = ?", [delivered.conflicted]).fetchone()[0]
        assert seen == 0


def _test_results(target: Path) -> tuple[str, dict[str, dict]]:
    """The invocation of a dbt run and its data tests by name (dbt's run_results.json)."""
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    tests = {dbt_node(r["unique_id"])[1]: r for r in results["results"] if r["unique_id"].startswith("test.")}
    return results["metadata"]["invocation_id"], tests


def test_a_days_tests_read_what_the_day_wrote(delivered):
    """On a day's build, an error test of a model rebuilt unit by unit reads the rows the day
    wrote (row tests) or every row holding a key the day wrote (uniqueness): the last day, built
    over a previous build whose kept sessions were tampered with, fails on the old row that repeats
    the key of a session the day wrote again, and does not read the old row the day left alone,
    whose NULL channel is still there. Its line-number test reads the deliveries new that day
    alone, not the history. A build from scratch reads every row."""
    planted = delivered.planted
    assert planted.failed_build is not None, f"the tampered build did not fail: {planted.error!r}"
    assert "unique_int_web_sessions_session_id" in planted.error, planted.error
    invocation, tests = _test_results(planted.failed_build / "target")
    failed = sorted(name for name, r in tests.items() if r["status"] in ("fail", "error"))
    assert failed == ["unique_int_web_sessions_session_id"], failed
    written = f"_built_by = '{invocation}'"
    # the base models restage the keys a delivery brings (merge_changed): their tests read the lines written
    for name in ("not_null_int_web_sessions_channel", "not_null_int_web_sessions_client_id",
                 "unique_int_web_sessions_session_id", "not_null_base_web__events_dq_status",
                 "unique_base_web__events__line_number"):
        assert tests[name]["status"] in ("pass", "fail") and written in tests[name]["compiled_code"], name
    with duckdb.connect(str(planted.failed_build / "build.duckdb"), read_only=True) as con:
        # the day wrote the sessions of the clients it brought events for, the tampered session again
        rows = dict(con.execute("select client_id, _built_by = ? from intermediate.int_web_sessions "
                                "where session_id = ?", [invocation, planted.rewritten_session]).fetchall())
        assert len(rows) == 2 and rows.pop(planted.duplicated_by) is False and list(rows.values()) == [True], rows
        # the NULL no test read: in a row the day left as it was
        nulls = con.execute("select client_id, _built_by = ? from intermediate.int_web_sessions where channel is null",
                            [invocation]).fetchall()
        assert nulls == [(planted.nulled_client, False)], nulls
        # the deliveries whose every line the day wrote: the new ones, the only ones its
        # line-number test reads (base rows and raw file alike)
        new = con.execute("select string_agg(cast(d as varchar), ', ' order by d) from (select _line_number "
                          "// 10000000000 as d from staging.base_web__events group by all having "
                          "bool_and(_built_by = ?))", [invocation]).fetchone()[0]
        oldest = con.execute("select min(_line_number // 10000000000) from staging.base_web__events").fetchone()[0]
    numbered = tests["line_numbers_follow_the_raw_file_base_web__events_raw_web_events"]
    assert new and oldest == 0 and "0" not in new.split(", "), new
    assert numbered["status"] == "pass", numbered["status"]
    assert set(re.findall(r"_delivery_index in \(([\d, ]+)\)", numbered["compiled_code"])) == {new}
    # the single delivery, built from scratch: its tests read whole tables
    _, whole = _test_results(delivered.by_single.parent / "full-build")
    assert whole["not_null_int_web_sessions_channel"]["status"] == "pass"
    assert not [name for name, r in whole.items() if "_built_by = '" in (r["compiled_code"] or "")]
    assert not [name for name, r in whole.items() if "_delivery_index in (" in (r["compiled_code"] or "")]


# the uniqueness tests of views that publish an incremental model's rows one for one (meta rows_of)
VIEW_KEY_TESTS = {
    "unique_fct_touchpoints_touchpoint_id": "int_touchpoints_identified",
    "unique_combination_of_columns_fct_touchpoints_source_system__source_record_id__touchpoint_type":
        "int_touchpoints_identified",
    "unique_combination_of_columns_fct_funnel_step_events_funnel__step_number__moment_id": "int_funnel_step_events",
    "unique_fct_touchpoint_next_conversions_touchpoint_id": "int_touchpoint_next_conversion",
    "unique_combination_of_columns_fct_journey_channel_steps_journey_id__step_number": "int_journey_channel_steps",
    "unique_fct_journeys_journey_id": "int_journeys",
    "unique_fct_email_sends_send_id": "int_email_sends",
    "unique_stg_web__events_event_id": "base_web__events",
    "unique_stg_email__activities_activity_id": "base_email__activities",
}


def test_a_days_tests_of_a_published_view_read_the_keys_its_model_wrote(delivered, tmp_path):
    """On a day's build a uniqueness test of a view that publishes an incremental model's rows one
    for one (fct_touchpoints over int_touchpoints_identified, ...) reads the view's rows holding a
    key the model wrote that day. The last day's compiled tests, run on a copy of its build whose
    int_touchpoints_identified was given old rows repeating keys: they find the old row that repeats
    the key of a row the day wrote, and do not read the old rows that repeat each other (every row
    of those the kept build had passed). A key the model has under another name (the staging
    views' source_line_number) is tested over the whole view."""
    kept = state_file(delivered.second)
    invocation, tests = _test_results(kept.parent)
    written = f"_built_by = '{invocation}'"
    for name, model in VIEW_KEY_TESTS.items():
        code = tests[name]["compiled_code"]
        assert tests[name]["status"] == "pass" and written in code and f'."{model}" where' in code, name
    for name in ("unique_stg_web__events_source_line_number", "unique_stg_email__activities_source_line_number"):
        assert tests[name]["status"] == "pass" and "_built_by" not in tests[name]["compiled_code"], name
    # the compiled code names the build's catalog: the copy keeps the file's name
    copy = tmp_path / "build.duckdb"
    shutil.copy(kept, copy)
    with duckdb.connect(str(copy)) as con:
        table = "intermediate.int_touchpoints_identified"
        (day_row,) = con.execute(f"select touchpoint_id from {table} where _built_by = ? order by touchpoint_id "
                                 "limit 1", [invocation]).fetchall()
        old = [t for (t,) in con.execute(f"select touchpoint_id from {table} where _built_by != ? "
                                         "order by touchpoint_id limit 2", [invocation]).fetchall()]
        assert len(old) == 2, old
        plant = (f"insert into {table} select * replace ({{}}) from {table} where touchpoint_id = ?")
        day_key = con.execute(f"select source_system, source_record_id, touchpoint_type from {table} "
                              "where touchpoint_id = ?", list(day_row)).fetchone()
        # an old row given the day's row's key, and its id
        con.execute(plant.format("'planted-a' as touchpoint_id, ? as source_system, ? as source_record_id, "
                                 "? as touchpoint_type"), [*day_key, old[0]])
        con.execute(plant.format("? as touchpoint_id, 'planted' as source_system"), [day_row[0], old[0]])
        # a second old row repeated under both its keys: two old rows, neither written by the day
        con.execute(plant.format("'planted-b' as touchpoint_id"), [old[1]])
        con.execute(plant.format("'planted-c' as source_record_id"), [old[1]])
        found = {}
        for name in ("unique_fct_touchpoints_touchpoint_id",
                     "unique_combination_of_columns_fct_touchpoints_source_system__source_record_id__touchpoint_type"):
            found[name] = con.execute(tests[name]["compiled_code"]).fetchall()
        repeated = con.execute("select count(*) from (select touchpoint_id from marts.fct_touchpoints group by all "
                               "having count(*) > 1)").fetchone()[0]
    assert [r[0] for r in found["unique_fct_touchpoints_touchpoint_id"]] == [day_row[0]], found
    assert [tuple(r[:3]) for r in found["unique_combination_of_columns_fct_touchpoints_source_system__source_record_"
                                        "id__touchpoint_type"]] == [day_key], found
    # the whole view has both repeated ids: the day's and the old row's
    assert repeated == 2, repeated


def test_a_days_attribution_uniqueness_test_reads_the_days_keys_and_markov(delivered, tmp_path):
    """fct_attribution's rows derive key by key from int_attribution_rule_credits (five rows per
    touchpoint, meta rows_by_key_of), its Markov rows are written whole (written_whole_where): on a
    day's build its uniqueness test reads the rows of the touchpoints the model wrote that day and
    every Markov row. Run on a copy of the last day's build given a repeated rule-based row of a
    touchpoint the day wrote (marked so: the last build of the world wrote none), one of a
    touchpoint it did not write and a repeated Markov row, it finds the first and the third, not
    the second (the kept build's test passed on that one)."""
    kept = state_file(delivered.second)
    invocation, tests = _test_results(kept.parent)
    name = "unique_combination_of_columns_fct_attribution_journey_id__touchpoint_id__model"
    code = tests[name]["compiled_code"]
    assert tests[name]["status"] == "pass", tests[name]
    assert f"_built_by = '{invocation}'" in code and '."int_attribution_rule_credits" where' in code, code
    assert "(model = 'markov')" in code, code
    copy = tmp_path / "build.duckdb"
    shutil.copy(kept, copy)
    with duckdb.connect(str(copy)) as con:
        rules = "intermediate.int_attribution_rule_credits"
        # the build ran over the same deliveries again: the model wrote no credits in it, so one
        # touchpoint's credits are marked as written by that run
        day, old = [t for (t,) in con.execute(f"select touchpoint_id from {rules} where _built_by != ? "
                                              "order by touchpoint_id limit 2", [invocation]).fetchall()]
        con.execute(f"update {rules} set _built_by = ? where touchpoint_id = ?", [invocation, day])
        for touchpoint in (day, old):
            con.execute(f"insert into {rules} select * from {rules} where touchpoint_id = ?", [touchpoint])
        markov = "intermediate.int_attribution_markov_credits"
        (markov_touchpoint,) = con.execute(f"select touchpoint_id from {markov} where touchpoint_id not in (?, ?) "
                                           "order by touchpoint_id limit 1", [day, old]).fetchone()
        con.execute(f"insert into {markov} select * from {markov} where touchpoint_id = ?", [markov_touchpoint])
        found = sorted({(r[1], r[2]) for r in con.execute(code).fetchall()})
    models = ["first_touch", "last_touch", "linear", "position_based", "time_decay"]
    assert found == sorted([*((day, m) for m in models), (markov_touchpoint, "markov")]), found


def test_a_days_base_models_read_the_new_deliveries_alone(delivered):
    """On a day's build a base model reads the lines of the new deliveries from the raw files and
    decides the keys they bring with the earlier lines as its own table holds them (their content
    hashes), never the earlier deliveries' files. The one exception is a model where an earlier line
    needs its raw text: on the last day, a conflicting copy of a history email activity quarantines
    the history's line, so base_email__activities restages the keys the day brings from every
    delivery's file. The day's marts equal the single delivery's (the other tests here)."""
    target = delivered.planted.failed_build / "target"
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))["results"]
    compiled = {dbt_node(r["unique_id"])[1]: r["compiled_code"] or "" for r in results
                if r["unique_id"].startswith("model.") and dbt_node(r["unique_id"])[1].startswith("base_")}
    staged_by_table = {name: code for name, code in compiled.items() if name != "base_fx__rates"}
    assert len(staged_by_table) == 11, sorted(compiled)
    for name, code in staged_by_table.items():
        reads = re.findall(r'"raw"\."raw_\w+"( where _delivery_index > \d+)?', code)
        assert reads, name
        if name == "base_email__activities":
            # restaged: every delivery's lines of the keys the day brings
            assert "earlier_rewritten" not in code and "" in reads, name
        else:
            assert "earlier_rewritten" in code and "" not in reads, (name, reads)
    # the history's line the conflicting copy quarantined, written again by the day
    with duckdb.connect(str(delivered.planted.failed_build / "build.duckdb"), read_only=True) as con:
        lines = con.execute("select _line_number // 10000000000, dq_status from staging.base_email__activities "
                            "where source_record_id = ? order by _line_number", [delivered.conflicted]).fetchall()
    assert lines[0][0] == 0 and {status for _, status in lines} == {"quarantined"}, lines
