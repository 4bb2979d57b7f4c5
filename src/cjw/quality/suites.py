"""The Great Expectations suites, defined in code so they are reviewed like any other change.

Each check is a named SQL query against the freshly built warehouse (or the raw delivery) and the
expectations its result must meet. GX validates the query results as pandas DataFrames: GX's SQL
datasource over duckdb-engine fails every expectation with "list index out of range" (GX issues
#10738, #11579), so the warehouse is read by DuckDB and GX sees DataFrames (pinned by a test).

Severity, in each expectation's `meta`: `critical` stops the publish; `warning` is reported only.

Scale: the gate never pulls a big table into pandas. Exact properties (row counts, duplicate and
null counts, sums, deviations) are measured by DuckDB as one-row results (checked with
expect_column_max_to_be_between, which reports the measured value); row-level checks of the raw
files (enum values, missing ids) run on a fixed-seed sample of at most RAW_SAMPLE_ROWS rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import great_expectations as gx
import great_expectations.expectations as gxe

from cjw.quality.rules import VolumeRule
from cjw.registry import RawFile, raw_files

CRITICAL = {"severity": "critical"}
WARNING = {"severity": "warning"}

# more than this share of raw rows in quarantine: something is wrong with the delivery as a whole
MAX_QUARANTINE_SHARE_WARNING = 0.02
MAX_QUARANTINE_SHARE_CRITICAL = 0.10

# row-level checks of a raw file look at a reproducible sample of this many rows at most
RAW_SAMPLE_ROWS = 100_000


@dataclass
class Check:
    """A query and the expectations its result must meet."""

    layer: str  # raw, staging, marts
    name: str
    sql: str
    expectations: list[gx.expectations.Expectation] = field(default_factory=list)


def raw_checks(raw_relation: Callable[[str], str], history: dict[str, list[int]],
               rule: VolumeRule = VolumeRule(), files: dict[str, RawFile] | None = None,
               row_counts: dict[str, int] | None = None) -> list[Check]:
    """The delivery as it arrived: columns and volume (exact), ids and enums (on a sample), for the
    registry's files (by default all; the build passes the enabled sources' files). row_counts:
    each export's exact rows as pre-flight counted them (the same reader, strict), so the files
    are not read again to count them; without it the relation is counted. The columns, ids and
    enums are read from `raw_relation`, which the build points at the files it reads for the
    first time (gate.raw_relation_factory)."""
    checks = []
    for file_name, raw_file in (files if files is not None else raw_files()).items():
        columns = raw_file.column_names
        relation = raw_relation(file_name)
        expectations: list[gx.expectations.Expectation] = [
            gxe.ExpectTableColumnsToMatchSet(column_set=columns, exact_match=False, meta=CRITICAL),
            # row_count is exact: counted over the whole export (all its loaded files), repeated
            # on every sampled row
            gxe.ExpectColumnMaxToBeBetween(column="row_count", min_value=1, meta=CRITICAL),
        ]
        expected = rule.expected_rows(history.get(file_name, []))
        if expected:
            recent = history[file_name][-rule.baseline_deliveries:]
            basis = (f"{expected:,} rows expected from the last {len(recent)} published deliveries "
                     f"({', '.join(f'{n:,}' for n in recent)})")
            expectations.append(gxe.ExpectColumnMaxToBeBetween(
                column="row_count", min_value=int(expected * rule.min_share), meta={
                    **CRITICAL, "why": f"{basis}: fewer than {rule.min_share:.0%} of them looks truncated"}))
            expectations.append(gxe.ExpectColumnMaxToBeBetween(
                column="row_count", max_value=int(expected * rule.max_share), meta={
                    **WARNING, "why": f"{basis}: more than {rule.max_share:g}x is unexpected"}))
        expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=raw_file.record_id, mostly=0.99,
                                                              meta=WARNING))
        enum_columns = raw_file.enums()
        for column, values in enum_columns.items():
            expectations.append(gxe.ExpectColumnValuesToBeInSet(column=f"{column}__normalized", value_set=values,
                                                                mostly=0.98, meta=WARNING))
        select = ", ".join([f'"{c}"' for c in columns] + [f'lower(trim("{c}")) as "{c}__normalized"'
                                                           for c in enum_columns])
        count = (str(int(row_counts[file_name])) if row_counts is not None and file_name in row_counts
                 else f"(select count(*) from {relation})")
        sql = (f"select {select}, {count} as row_count from {relation} "
               f"using sample reservoir({RAW_SAMPLE_ROWS} rows) repeatable (42)")
        checks.append(Check("raw", file_name, sql, expectations))
    return checks


def staging_checks(fx_max_daily_change: float = 0.25, files: dict[str, RawFile] | None = None) -> list[Check]:
    """Properties across rows that no single-row rule in staging can see (dbt's own tests cover
    ids, keys and enum values, and are not repeated here)."""
    files = files if files is not None else raw_files()
    checks = []
    if "raw_fx_rates" in files:
        checks.append(Check("staging", "staging.fx_rate_jumps", """
            with consecutive as (
                select
                    currency,
                    rate_date,
                    abs(usd_per_unit / lag(usd_per_unit) over (partition by currency order by rate_date) - 1)
                        as change
                from staging.stg_fx__rates
            )
            select coalesce(max(change), 0) as max_change from consecutive
        """, [gxe.ExpectColumnMaxToBeBetween(column="max_change", max_value=fx_max_daily_change, meta={
            **CRITICAL, "why": f"an exchange rate moved more than {fx_max_daily_change:.0%} from one published "
                               f"rate to the next and stayed there (isolated spikes and rates outside a currency's "
                               f"band are quarantined by staging): check the delivery's rates in "
                               f"staging.stg_fx__rates"})]))
    return checks


def marts_checks(files: dict[str, RawFile] | None = None, delivered_rows: dict[str, int] | None = None
                 ) -> list[Check]:
    """Cross-layer reconciliation, distributions and privacy of what is about to be published.
    Keys, uniqueness, enum values and credit sums are dbt tests (their results are stored beside
    these in audit.dq_results) and are not repeated here."""
    files = files if files is not None else raw_files()
    delivered = delivered_rows or {}
    money = {"raw_orders": ("intermediate.int_orders_converted", "sum(amount_usd) filter (where status = 'completed')"),
             "raw_memberships": ("intermediate.int_membership_events_converted",
                                 "sum(amount_usd) filter (where action in ('join', 'renew', 'upgrade'))"),
             "raw_event_registrations": ("intermediate.int_registrations_converted",
                                         "sum(ticket_price_usd) filter (where not is_cancelled)")}
    staging_revenue = " + ".join(f"coalesce((select {expr} from {table}), 0)"
                                 for name, (table, expr) in money.items() if name in files) or "0"
    arrived = " union all ".join(f"select '{name}.csv' as source_file, {n} as delivered_rows"
                                 for name, n in sorted(delivered.items()))
    checks = [
        Check("marts", "audit.raw_reconciliation", "select count(*) as files from audit.raw_reconciliation", [
            gxe.ExpectColumnMaxToBeBetween(column="files", min_value=len(files), max_value=len(files), meta={
                **CRITICAL, "why": "one reconciliation row per delivered file of an enabled source"}),
        ]),
        Check("marts", "quarantine_share", """
            select coalesce((select count(*) from audit.quarantine)
                            / nullif((select sum(rows_in) from audit.raw_reconciliation), 0), 0) as quarantined_share
        """, [
            gxe.ExpectColumnMaxToBeBetween(column="quarantined_share", max_value=MAX_QUARANTINE_SHARE_WARNING,
                                              meta=WARNING),
            gxe.ExpectColumnMaxToBeBetween(column="quarantined_share", max_value=MAX_QUARANTINE_SHARE_CRITICAL,
                                              meta=CRITICAL),
        ]),
        Check("marts", "revenue_across_layers", f"""
            with test_revenue as (
                -- revenue of touchpoints left out of the marts because they belong to test records
                select coalesce(sum(u.revenue_usd), 0) as usd
                from intermediate.int_touchpoints_unioned as u
                anti join marts.fct_touchpoints as f
                    using (source_system, source_record_id, touchpoint_type)
            )
            select
                cast({staging_revenue} - (select usd from test_revenue) as decimal(18, 2)) as staging_revenue_usd,
                cast(coalesce((select sum(revenue_usd) from marts.fct_touchpoints), 0) as decimal(18, 2))
                    as marts_revenue_usd,
                cast(coalesce((select sum(lifetime_revenue_usd) from marts.dim_customers), 0)
                     + (select coalesce(sum(revenue_usd), 0) from marts.fct_touchpoints where customer_id is null)
                     as decimal(18, 2)) as customer_revenue_usd
        """, [
            gxe.ExpectColumnPairValuesToBeEqual(column_A="staging_revenue_usd", column_B="marts_revenue_usd",
                                                meta={**CRITICAL, "why": "revenue in marts = revenue in staging"}),
            gxe.ExpectColumnPairValuesToBeEqual(column_A="marts_revenue_usd", column_B="customer_revenue_usd",
                                                meta=CRITICAL),
        ]),
        Check("marts", "marts.fct_touchpoints", """
            select
                coalesce(count(channel) / nullif(count(*), 0), 1) as channel_coverage,
                coalesce(count(customer_id) / nullif(count(*), 0), 1) as known_share
            from marts.fct_touchpoints
        """, [
            gxe.ExpectColumnMaxToBeBetween(column="channel_coverage", min_value=0.95, meta=WARNING),
            gxe.ExpectColumnMaxToBeBetween(column="known_share", min_value=0.5, max_value=1.0, meta={
                **WARNING, "why": "most touchpoints belong to a known customer"}),
        ]),
        Check("marts", "marts.dim_customers", """
            select
                coalesce(avg(cast(is_member as integer)), 0) as member_share,
                count(*) filter (where primary_email is not null and not regexp_matches(primary_email, '^.\\*\\*\\*@'))
                    as unmasked_emails
            from marts.dim_customers
        """, [
            *([gxe.ExpectColumnMaxToBeBetween(column="member_share", min_value=0.02, max_value=0.9, meta={
                **WARNING, "why": "share of customers who are members"})] if "raw_memberships" in files else []),
            gxe.ExpectColumnMaxToBeBetween(column="unmasked_emails", max_value=0, meta={
                **CRITICAL, "why": "no raw email in the BI file"}),
        ]),
        Check("marts", "marts.customer_identifiers", """
            select count(*) filter (where not contains(identifier_value, '***')) as unmasked_values
            from marts.customer_identifiers where identifier_type in ('email', 'phone', 'social_handle')
        """, [gxe.ExpectColumnMaxToBeBetween(column="unmasked_values", max_value=0, meta={
            **CRITICAL, "why": "no raw email, phone or handle in the BI file"})]),
        Check("marts", "reporting.mart_headline_kpis", """
            select
                max(value) filter (where kpi = 'nps') as nps,
                max(value) filter (where kpi = 'csat') as csat,
                max(value) filter (where kpi = 'multichannel_journey_pct') as multichannel_journey_pct,
                max(value) filter (where kpi = 'customers') as customers
            from reporting.mart_headline_kpis
        """, [
            gxe.ExpectColumnValuesToBeBetween(column="nps", min_value=-100, max_value=100, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="csat", min_value=0, max_value=100, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="multichannel_journey_pct", min_value=20, max_value=90, meta={
                **WARNING, "why": "industry research quotes 56 % of interactions as part of multichannel journeys"}),
            gxe.ExpectColumnMaxToBeBetween(column="customers", min_value=1, meta=CRITICAL),
        ]),
    ]
    if arrived:
        checks.append(Check("marts", "delivered_rows_reach_the_warehouse", f"""
            select count(*) filter (where r.rows_in is distinct from d.delivered_rows) as files_with_lost_rows
            from ({arrived}) as d left join audit.raw_reconciliation as r using (source_file)
        """, [gxe.ExpectColumnMaxToBeBetween(column="files_with_lost_rows", max_value=0, meta={
            **CRITICAL, "why": "every record the pre-flight counted in a delivered file is a row of the warehouse"})]))
    return checks
