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

import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe

from cjw.contract import RAW_FILES, RECORD_ID

CRITICAL = {"severity": "critical"}
WARNING = {"severity": "warning"}

# more than this share of raw rows in quarantine: something is wrong with the delivery as a whole
MAX_QUARANTINE_SHARE_WARNING = 0.02
MAX_QUARANTINE_SHARE_CRITICAL = 0.10

# row-level checks of a raw file look at a reproducible sample of this many rows at most
RAW_SAMPLE_ROWS = 100_000

# raw columns with a closed set of values (case and spaces are normalized by staging)
RAW_ENUMS: dict[str, dict[str, list[str]]] = {
    "raw_email_activity": {"action": ["sent", "open", "click", "bounce", "unsubscribe"]},
    "raw_support_tickets": {"satisfaction_rating": ["good", "bad", "offered", "unoffered"]},
    "raw_orders": {"status": ["completed", "refunded", "cancelled"],
                   "order_type": ["purchase", "donation"]},
    "raw_memberships": {"action": ["join", "renew", "upgrade", "lapse", "cancel"],
                        "plan": ["individual", "student", "corporate"]},
    "raw_survey_responses": {"survey_type": ["nps", "csat", "post_event"]},
}


def project_vars(project_dir: Path) -> dict:
    """The dbt project's vars (dbt_project.yml), where the gate's thresholds live too."""
    import yaml

    config = yaml.safe_load((project_dir / "dbt_project.yml").read_text(encoding="utf-8"))
    return config.get("vars", {}) or {}


@dataclass(frozen=True)
class VolumeRule:
    """How a delivered file's row count is judged against the published deliveries before it
    (dbt vars volume_baseline_deliveries, volume_min_share, volume_max_share)."""

    baseline_deliveries: int = 5
    min_share: float = 0.8
    max_share: float = 3.0

    @classmethod
    def from_project(cls, project_dir: Path) -> VolumeRule:
        found = project_vars(project_dir)
        return cls(int(found.get("volume_baseline_deliveries", cls.baseline_deliveries)),
                   float(found.get("volume_min_share", cls.min_share)),
                   float(found.get("volume_max_share", cls.max_share)))

    def expected_rows(self, history: list[int]) -> int | None:
        """The rows a delivery is expected to have: the larger of the median of the last
        baseline_deliveries published deliveries and the latest one plus its typical growth (the
        median change between them). Comparing with a baseline, not only the previous delivery,
        means a file cut step by step (1,566 -> 783 -> 626) is refused at the first step and at
        every later one: only published deliveries enter the history."""
        recent = history[-self.baseline_deliveries:]
        if not recent:
            return None
        growth = statistics.median([b - a for a, b in zip(recent, recent[1:], strict=False)]) if len(recent) > 1 else 0
        return int(max(statistics.median(recent), recent[-1] + max(0, growth)))


@dataclass
class Check:
    """A query and the expectations its result must meet."""

    layer: str  # raw, staging, marts
    name: str
    sql: str
    expectations: list[gx.expectations.Expectation] = field(default_factory=list)


def raw_checks(raw_relation: Callable[[str], str], history: dict[str, list[int]],
               rule: VolumeRule = VolumeRule()) -> list[Check]:
    """The delivery as it arrived: columns and volume (exact), ids and enums (on a sample)."""
    checks = []
    for file_name, columns in RAW_FILES.items():
        relation = raw_relation(file_name)
        expectations: list[gx.expectations.Expectation] = [
            gxe.ExpectTableColumnsToMatchSet(column_set=columns, exact_match=False, meta=CRITICAL),
            # row_count is exact: counted over the whole file, repeated on every sampled row
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
        if file_name in RECORD_ID:
            expectations.append(gxe.ExpectColumnValuesToNotBeNull(column=RECORD_ID[file_name], mostly=0.99,
                                                                  meta=WARNING))
        enum_columns = RAW_ENUMS.get(file_name, {})
        for column, values in enum_columns.items():
            expectations.append(gxe.ExpectColumnValuesToBeInSet(column=f"{column}__normalized", value_set=values,
                                                                mostly=0.98, meta=WARNING))
        select = ", ".join([f'"{c}"' for c in columns] + [f'lower(trim("{c}")) as "{c}__normalized"'
                                                           for c in enum_columns])
        sql = (f"select {select}, (select count(*) from {relation}) as row_count from {relation} "
               f"using sample reservoir({RAW_SAMPLE_ROWS} rows) repeatable (42)")
        checks.append(Check("raw", file_name, sql, expectations))
    return checks


STAGING_IDS = {
    "stg_crm__contacts": "contact_id", "stg_web__events": "event_id", "stg_email__activities": "activity_id",
    "stg_ads__clicks": "click_id", "stg_social__interactions": "interaction_id",
    "stg_support__tickets": "ticket_id", "stg_events__registrations": "registration_id",
    "stg_commerce__orders": "order_id", "stg_membership__events": "membership_event_id",
    "stg_surveys__responses": "response_id", "stg_direct_mail__mail_pieces": "mail_piece_id",
}


def staging_checks(fx_max_daily_change: float = 0.25) -> list[Check]:
    checks = [
        Check("staging", f"staging.{model}", f"""
            select count(*) filter (where {column} is null) as null_ids,
                   count({column}) - count(distinct {column}) as duplicate_ids
            from staging.{model}
        """, [
            gxe.ExpectColumnMaxToBeBetween(column="null_ids", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="duplicate_ids", max_value=0, meta=CRITICAL),
        ])
        for model, column in STAGING_IDS.items()
    ]
    checks.append(Check("staging", "staging.money", """
        select coalesce(min(amount_usd), 0) as min_amount_usd from (
            select amount_usd from staging.stg_commerce__orders
            union all select amount_usd from staging.stg_membership__events
            union all select ticket_price_usd from staging.stg_events__registrations
        )
    """, [gxe.ExpectColumnMaxToBeBetween(column="min_amount_usd", min_value=0, meta=CRITICAL)]))
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
        **CRITICAL, "why": f"an exchange rate moved more than {fx_max_daily_change:.0%} from one published rate "
                           f"to the next and stayed there (isolated spikes and rates outside a currency's band are "
                           f"quarantined by staging): check the delivery's rates in staging.stg_fx__rates"})]))
    checks.append(Check("staging", "staging.timestamps", """
        select coalesce(min(ts), timestamp '2000-01-01') as earliest,
               coalesce(max(ts), timestamp '2000-01-01') as latest from (
            select event_at as ts from staging.stg_web__events
            union all select occurred_at from staging.stg_email__activities
            union all select ordered_at from staging.stg_commerce__orders
            union all select submitted_at from staging.stg_surveys__responses
        )
    """, [
        gxe.ExpectColumnMaxToBeBetween(column="earliest", min_value=datetime(2000, 1, 1), meta=CRITICAL),
        gxe.ExpectColumnMaxToBeBetween(column="latest", max_value=datetime(2100, 1, 1), meta=CRITICAL),
    ]))
    return checks


def marts_checks() -> list[Check]:
    return [
        Check("marts", "audit.raw_reconciliation", "select * from audit.raw_reconciliation", [
            gxe.ExpectColumnValuesToBeInSet(column="is_reconciled", value_set=[True], meta={
                **CRITICAL, "why": "every raw row is staged, a duplicate, superseded or quarantined"}),
            gxe.ExpectTableRowCountToEqual(value=len(RAW_FILES), meta=CRITICAL),
        ]),
        Check("marts", "quarantine_share", """
            select (select count(*) from audit.quarantine) / (select sum(rows_in) from audit.raw_reconciliation)
                as quarantined_share
        """, [
            gxe.ExpectColumnMaxToBeBetween(column="quarantined_share", max_value=MAX_QUARANTINE_SHARE_WARNING,
                                              meta=WARNING),
            gxe.ExpectColumnMaxToBeBetween(column="quarantined_share", max_value=MAX_QUARANTINE_SHARE_CRITICAL,
                                              meta=CRITICAL),
        ]),
        Check("marts", "revenue_across_layers", """
            with staging_revenue as (
                select sum(amount_usd) as usd from staging.stg_commerce__orders where status = 'completed'
                union all
                select sum(amount_usd) from staging.stg_membership__events where action in ('join', 'renew', 'upgrade')
                union all
                select sum(ticket_price_usd) from staging.stg_events__registrations where not is_cancelled
            ),
            test_revenue as (
                -- revenue of touchpoints left out of the marts because they belong to test records
                select coalesce(sum(u.revenue_usd), 0) as usd
                from intermediate.int_touchpoints_unioned as u
                anti join marts.fct_touchpoints as f
                    using (source_system, source_record_id, touchpoint_type)
            )
            select
                cast((select sum(usd) from staging_revenue) - (select usd from test_revenue) as decimal(18, 2))
                    as staging_revenue_usd,
                cast((select sum(revenue_usd) from marts.fct_touchpoints) as decimal(18, 2)) as marts_revenue_usd,
                cast((select sum(lifetime_revenue_usd) from marts.dim_customers)
                     + (select coalesce(sum(revenue_usd), 0) from marts.fct_touchpoints where customer_id is null)
                     as decimal(18, 2)) as customer_revenue_usd
        """, [
            gxe.ExpectColumnPairValuesToBeEqual(column_A="staging_revenue_usd", column_B="marts_revenue_usd",
                                                meta={**CRITICAL, "why": "revenue in marts = revenue in staging"}),
            gxe.ExpectColumnPairValuesToBeEqual(column_A="marts_revenue_usd", column_B="customer_revenue_usd",
                                                meta=CRITICAL),
        ]),
        Check("marts", "attribution_credit_sums", """
            select coalesce(max(deviation), 0) as max_deviation from (
                select abs(sum(credit) - 1) as deviation from marts.fct_attribution group by model, journey_id
            )
        """, [gxe.ExpectColumnMaxToBeBetween(column="max_deviation", max_value=1e-9, meta={
            **CRITICAL, "why": "per (journey, model) the credits sum to 1"})]),
        Check("marts", "marts.fct_touchpoints", """
            select
                count(touchpoint_id) - count(distinct touchpoint_id) as duplicate_ids,
                count(*) filter (where source_system not in ('web', 'email', 'ads', 'social', 'support', 'events',
                                 'orders', 'memberships', 'surveys', 'direct_mail')) as unknown_source_systems,
                coalesce(count(channel) / count(*), 1) as channel_coverage,
                count(*) filter (where revenue_usd < 0) as negative_revenue,
                coalesce(count(customer_id) / count(*), 1) as known_share
            from marts.fct_touchpoints
        """, [
            gxe.ExpectColumnMaxToBeBetween(column="duplicate_ids", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="unknown_source_systems", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="channel_coverage", min_value=0.95, meta=WARNING),
            gxe.ExpectColumnMaxToBeBetween(column="negative_revenue", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="known_share", min_value=0.5, max_value=1.0, meta={
                **WARNING, "why": "most touchpoints belong to a known customer"}),
        ]),
        Check("marts", "marts.fct_journeys", """
            select count(journey_id) - count(distinct journey_id) as duplicate_ids,
                   count(*) filter (where is_open and is_converted) as open_and_converted,
                   coalesce(min(touchpoint_count), 1) as min_touchpoints
            from marts.fct_journeys
        """, [
            gxe.ExpectColumnMaxToBeBetween(column="duplicate_ids", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="open_and_converted", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="min_touchpoints", min_value=1, meta=CRITICAL),
        ]),
        Check("marts", "marts.dim_customers", """
            select
                count(customer_id) - count(distinct customer_id) as duplicate_ids,
                coalesce(min(lifetime_revenue_usd), 0) as min_lifetime_revenue_usd,
                count(*) filter (where lifecycle_stage not in ('awareness', 'consideration', 'conversion',
                                 'retention', 'advocacy', 'lapsed')) as unknown_stages,
                coalesce(avg(cast(is_member as integer)), 0) as member_share,
                count(*) filter (where primary_email is not null and not regexp_matches(primary_email, '^.\\*\\*\\*@'))
                    as unmasked_emails,
                count(*) filter (where lapse_probability not between 0 and 1) as bad_probabilities
            from marts.dim_customers
        """, [
            gxe.ExpectColumnMaxToBeBetween(column="duplicate_ids", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="min_lifetime_revenue_usd", min_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="unknown_stages", max_value=0, meta=CRITICAL),
            gxe.ExpectColumnMaxToBeBetween(column="member_share", min_value=0.02, max_value=0.9, meta={
                **WARNING, "why": "share of customers who are members"}),
            gxe.ExpectColumnMaxToBeBetween(column="unmasked_emails", max_value=0, meta={
                **CRITICAL, "why": "no raw email in BI marts"}),
            gxe.ExpectColumnMaxToBeBetween(column="bad_probabilities", max_value=0, meta=CRITICAL),
        ]),
        Check("marts", "marts.customer_identifiers", """
            select count(*) filter (where not contains(identifier_value, '***')) as unmasked_values
            from marts.customer_identifiers where identifier_type in ('email', 'phone')
        """, [gxe.ExpectColumnMaxToBeBetween(column="unmasked_values", max_value=0, meta={
            **CRITICAL, "why": "no raw email or phone in BI marts"})]),
        Check("marts", "marts.mart_headline_kpis", """
            pivot (select kpi, value from marts.mart_headline_kpis) on kpi using any_value(value)
        """, [
            gxe.ExpectColumnValuesToBeBetween(column="nps", min_value=-100, max_value=100, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="csat", min_value=0, max_value=100, meta=CRITICAL),
            gxe.ExpectColumnValuesToBeBetween(column="multichannel_journey_pct", min_value=20, max_value=90, meta={
                **WARNING, "why": "the seeds quote 56 % as typical"}),
            gxe.ExpectColumnMaxToBeBetween(column="customers", min_value=1, meta=CRITICAL),
        ]),
        Check("marts", "marts.mart_model_evaluation", """
            select value as holdout_auc from marts.mart_model_evaluation
            where model = 'lapse_propensity' and sample = 'holdout' and metric = 'auc'
        """, [gxe.ExpectColumnMaxToBeBetween(column="holdout_auc", min_value=0.58, max_value=1.0, meta=WARNING)]),
    ]
