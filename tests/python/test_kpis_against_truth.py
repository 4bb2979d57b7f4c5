"""The KPI marts against independent computations from the raw files and the generator's truth
(status and person of every raw line, USD computed in Python Decimal), on a fresh world."""

from __future__ import annotations

import csv
import dataclasses
import math
import os
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import yaml
from tests_support import unknowable_test_records

from cjw.build import PROJECT_DIR
from cjw.generator import MORNING_READERS, PLANTED, generate
from cjw.lapse import auc


def staged_rows(world, source_file: str,
                identified_by: str | None = None) -> list[tuple[dict[str, str], dict[str, str]]]:
    """(raw row, truth row) for every staged line of a raw file whose person is not a test person.
    A test person's row stays when nothing in the delivery ties it to their test record: with
    `identified_by`, a row without that identifier (an anonymous survey answer), and any row
    unknowable_test_records names (a ticket with only a phone their CRM record lacks)."""
    truth = {int(r["line_number"]): r for r in world.truth_rows() if r["source_file"] == source_file}
    test_people = {p["person_id"] for p in read_csv(world.truth_dir / "people.csv") if p["is_test"] == "True"}
    unknowable = unknowable_test_records(world)
    out = []
    with open(world.raw_dir / f"{source_file}.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        start = 2
        for row in reader:
            t = truth[start]
            start = reader.line_num + 1
            anonymous = identified_by is not None and not row[identified_by].strip()
            anonymous = anonymous or (source_file, t["record_id"]) in unknowable
            if t["status"] == "staged" and (t["person_id"] not in test_people or anonymous):
                out.append((row, t))
    return out


def read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def headline(world) -> dict[str, float]:
    con = world.connect()
    return dict(con.execute("select kpi, value from reporting.mart_headline_kpis").fetchall())


def test_survey_and_support_kpis_match_the_raw_files(built_world):
    kpis = headline(built_world)
    nps_scores, csat_scores = [], []
    for row, _ in staged_rows(built_world, "raw_survey_responses", identified_by="respondent_email"):
        kind = row["survey_type"].strip().lower()
        score = int(row["score"])
        (nps_scores if kind == "nps" else csat_scores).append(score)
    promoters = sum(s >= 9 for s in nps_scores)
    detractors = sum(s <= 6 for s in nps_scores)
    assert kpis["nps"] == pytest.approx(100 * (promoters - detractors) / len(nps_scores))
    assert kpis["csat"] == pytest.approx(100 * sum(s >= 4 for s in csat_scores) / len(csat_scores))
    ratings = Counter(row["satisfaction_rating"].strip().lower()
                      for row, _ in staged_rows(built_world, "raw_support_tickets"))
    assert kpis["support_csat"] == pytest.approx(100 * ratings["good"] / (ratings["good"] + ratings["bad"]))


def test_revenue_and_conversions_match_the_raw_files(built_world):
    revenue = Decimal("0")
    conversions = 0
    for row, t in staged_rows(built_world, "raw_orders"):
        if row["status"].strip().lower() == "completed":
            revenue += Decimal(t["usd"])
            conversions += 1
    for row, t in staged_rows(built_world, "raw_memberships"):
        action = row["action"].strip().lower()
        if action in ("join", "renew", "upgrade"):
            revenue += Decimal(t["usd"])
        conversions += action in ("join", "renew")
    for row, t in staged_rows(built_world, "raw_event_registrations"):
        if not row["cancelled_at"].strip():
            revenue += Decimal(t["usd"])
            conversions += 1
    kpis = headline(built_world)
    assert Decimal(str(kpis["revenue_usd"])).quantize(Decimal("0.01")) == revenue
    assert kpis["conversions"] == conversions


@pytest.mark.parametrize(("source_file", "touchpoint_type", "keep"), [
    ("raw_email_activity", "email_open", lambda r: r["action"].strip().lower() == "open"),
    ("raw_email_activity", "email_click", lambda r: r["action"].strip().lower() == "click"),
    ("raw_support_tickets", "ticket_opened", lambda r: True),
    ("raw_direct_mail", "mail_piece", lambda r: True),
    ("raw_orders", "donation_completed",
     lambda r: r["order_type"].strip().lower() == "donation" and r["status"].strip().lower() == "completed"),
])
def test_monthly_touchpoint_volumes_match_the_raw_files(built_world, source_file, touchpoint_type, keep):
    expected = Counter(t["ts_utc"][:7] for row, t in staged_rows(built_world, source_file) if keep(row))
    rows = built_world.connect().execute(
        "select strftime(month, '%Y-%m'), sum(touchpoints) from reporting.mart_touchpoint_kpis "
        "where touchpoint_type = ? group by 1", [touchpoint_type]).fetchall()
    assert dict(rows) == dict(expected)


def test_ticket_csat_is_linked_through_touchpoint_ref(built_world):
    """Every CSAT answer naming a ticket is counted on that ticket's touchpoint, in its month."""
    tickets = {row["ticket_id"].strip(): t["ts_utc"][:7] for row, t in staged_rows(built_world, "raw_support_tickets")}
    expected_n, expected_sat = Counter(), Counter()
    for row, _ in staged_rows(built_world, "raw_survey_responses"):
        ref = row["touchpoint_ref"].strip()
        if row["survey_type"].strip().lower() == "csat" and ref in tickets:
            expected_n[tickets[ref]] += 1
            expected_sat[tickets[ref]] += int(row["score"]) >= 4
    rows = built_world.connect().execute(
        "select strftime(month, '%Y-%m'), sum(csat_responses), sum(csat_satisfied) from reporting.mart_touchpoint_kpis "
        "where touchpoint_type = 'ticket_opened' group by 1 having sum(csat_responses) > 0").fetchall()
    assert {m: (n, s) for m, n, s in rows} == {m: (expected_n[m], expected_sat[m]) for m in expected_n}


def test_member_retention_cohorts_match_the_raw_files(built_world):
    """Members by first term month, retained when a term not cancelled covers each month's end."""
    con = built_world.connect()
    as_of = con.execute("select max(as_of_date) from marts.dim_customers").fetchone()[0]
    terms, cancels = defaultdict(list), defaultdict(list)
    for row, t in staged_rows(built_world, "raw_memberships"):
        action = row["action"].strip().lower()
        if action in ("join", "renew", "upgrade"):
            terms[t["person_id"]].append((date.fromisoformat(row["term_start"].strip()),
                                          date.fromisoformat(row["term_end"].strip())))
        elif action == "cancel":
            cancels[t["person_id"]].append(date.fromisoformat(row["action_date"].strip()))
    expected = Counter()
    sizes = Counter()
    for person, spans in terms.items():
        active = []
        for start, end in spans:
            cut = [c for c in cancels[person] if start <= c <= end]
            active.append((start, min(cut) - timedelta(days=1) if cut else end))
        first = min(s for s, _ in spans).replace(day=1)
        sizes[first] += 1
        k, month = 0, first
        while True:
            month_end = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            if month_end > as_of:
                break
            if any(s <= month_end <= e for s, e in active):
                expected[(first, k)] += 1
            else:
                expected[(first, k)] += 0
            k += 1
            month = month_end + timedelta(days=1)
    rows = con.execute("select cohort_month, months_since_start, cohort_size, retained_customers "
                       "from reporting.mart_retention_cohorts where cohort_type = 'members'").fetchall()
    assert {(m, k): (size, n) for m, k, size, n in rows} == {key: (sizes[key[0]], n) for key, n in expected.items()}


def test_event_funnel_matches_an_independent_walk(built_world):
    """The event funnel walked person by person in Python over the same touchpoints and page views."""
    con = built_world.connect()
    moments = defaultdict(list)
    for person, at, kind in con.execute("""
        select coalesce(customer_id, anonymous_id), occurred_at, touchpoint_type from marts.fct_touchpoints
        where touchpoint_type in ('web_session', 'event_registered', 'event_registration_cancelled',
                                  'event_attended', 'post_event_satisfied', 'post_event_unsatisfied')
          and coalesce(customer_id, anonymous_id) is not null
        union all
        select coalesce(s.customer_id, s.anonymous_id), e.event_at, 'event_page'
        from intermediate.int_web_events_sessionized e
        join staging.stg_web__events w using (event_id)
        join intermediate.int_web_sessions s using (session_id)
        where not s.is_test and starts_with(w.page_path, '/events')
    """).fetchall():
        moments[person].append((at, kind))
    steps = [{"web_session"}, {"event_page"}, {"event_registered", "event_registration_cancelled"},
             {"event_attended"}, {"post_event_satisfied", "post_event_unsatisfied"}]
    reached = Counter()
    for events in moments.values():
        events.sort()
        t = None
        for number, kinds in enumerate(steps, start=1):
            later = [at for at, kind in events if kind in kinds and (t is None or at >= t)]
            if not later:
                break
            t = min(later)
            reached[number] += 1
    rows = con.execute("select step_number, persons from reporting.mart_funnel_steps "
                       "where funnel = 'event' and entry_channel = 'all'").fetchall()
    assert dict(rows) == dict(reached)


def test_lapse_model_beats_the_floor_out_of_time(built_world):
    con = built_world.connect()
    scores = con.execute("select lapse_probability, lapsed from intermediate.int_lapse_scores "
                         "where sample = 'holdout'").fetchall()
    python_auc = auc(np.array([s for s, _ in scores]), np.array([y for _, y in scores]))
    published = con.execute("select value from reporting.mart_model_evaluation where model = 'lapse_propensity' "
                            "and sample = 'holdout' and metric = 'auc'").fetchone()[0]
    assert published == pytest.approx(python_auc)
    assert python_auc >= 0.58
    # the holdout comes after every training label: out of time
    cutoffs = dict(con.execute("select sample, max(cutoff_date) from intermediate.int_lapse_features "
                               "group by 1").fetchall())
    assert cutoffs["train"] + timedelta(days=180) <= cutoffs["holdout"]


def test_sankey_edges_conserve_journeys(built_world):
    con = built_world.connect()
    finished, converted = con.execute(
        "select count(*), count(*) filter (where is_converted) from marts.fct_journeys where not is_open").fetchone()
    into_outcomes = dict(con.execute("select to_node, sum(journeys) from reporting.mart_path_transitions "
                                     "where to_node in ('conversion', 'no conversion') group by 1").fetchall())
    assert into_outcomes["conversion"] == converted
    assert into_outcomes["conversion"] + into_outcomes["no conversion"] == finished
    first_steps = con.execute(
        "select sum(journeys) from reporting.mart_path_transitions where from_step = 1").fetchone()[0]
    assert first_steps == finished


def test_sankey_edges_follow_the_journeys_paths(built_world):
    """Every edge of the Sankey worked out again in Python from the finished journeys' channel
    paths: consecutive repeats collapsed, the journeys longer than sankey_max_steps cut there and
    sent through the "<n+1>. more steps" node. Until 2026-12 the mart counted a journey's steps
    after the cut, so no journey reached that node; the world must hold such journeys."""
    cut = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]["sankey_max_steps"]
    con = built_world.connect()
    expected: Counter = Counter()
    longer = 0
    for path, converted in con.execute(
            "select channel_path, is_converted from marts.fct_journeys where not is_open").fetchall():
        channels = path.split(" > ")
        steps = [c for i, c in enumerate(channels) if i == 0 or c != channels[i - 1]]
        outcome = "conversion" if converted else "no conversion"
        nodes = [f"{i}. {c}" for i, c in enumerate(steps[:cut], start=1)]
        if len(steps) > cut:
            longer += 1
            nodes.append(f"{cut + 1}. more steps")
        for a, b in zip(nodes, [*nodes[1:], outcome], strict=True):
            expected[(a, b, converted)] += 1
    assert longer > 0, "the world holds journeys longer than the cut"
    published = Counter()
    for a, b, journeys, converted_journeys in con.execute(
            "select from_node, to_node, journeys, converted_journeys from reporting.mart_path_transitions").fetchall():
        published[(a, b, True)] += converted_journeys
        published[(a, b, False)] += journeys - converted_journeys
    assert +published == +expected


def test_planted_effects_show_in_touchpoint_impact(built_world):
    """The generator makes event attendance raise renewal: the true lift over the terms with an event
    (the generator's renewal probabilities with and without the events) lies in the published
    interval (its 99.9 % version: the test world is small, and a 95 % interval misses 1 seed in 20).
    The sign alone is not asked: in 1,500 people the estimate reads below 0 on some seeds
    (1197244596: -4.6 %) while its interval holds the truth."""
    lift, low, high, n = built_world.connect().execute(
        "select lift, lift_low, lift_high, exposed_moments from reporting.mart_touchpoint_impact "
        "where touch_segment = 'all' and touchpoint_type = 'event_attended' "
        "and outcome = 'membership_renewal'").fetchone()
    decisions = read_csv(built_world.truth_dir / "renewal_decisions.csv")
    exposed = [d for d in decisions if any(int(v) > 0 for k, v in d.items() if k.endswith("s_attended"))]
    true_lift = (sum(float(d["renew_probability"]) for d in exposed)
                 / sum(float(d["renew_probability_without_events"]) for d in exposed) - 1)
    print(f"event -> renewal: truth {true_lift:+.1%}, published {lift:+.1%} [{low:+.1%}, {high:+.1%}], {n} terms")
    assert true_lift > 0.05, "the demo world plants a real effect"
    wide_low, wide_high = wide_interval(lift, low, high)
    assert wide_low <= true_lift <= wide_high


def test_renewal_impact_matches_an_independent_computation(built_world):
    """Membership renewal rates recomputed term by term in Python from the raw membership file:
    terms whose outcome would show either way (ended more than the grace period before the data's
    end), exposed when the touch came before the renewal decision, the baseline standardized over
    the exposed terms' strata (year the term ends, first term or not, another bad experience)."""
    con = built_world.connect()
    as_of = con.execute("select max(as_of_date) from marts.dim_customers").fetchone()[0]
    member_customer = dict(con.execute("select identifier_value, customer_id from "
                                       "restricted.customer_identifiers_unmasked "
                                       "where identifier_type = 'member_number'").fetchall())
    terms, cancels = defaultdict(list), defaultdict(list)
    for row, _ in staged_rows(built_world, "raw_memberships"):
        customer = member_customer.get(row["member_number"].strip())
        if customer is None:
            continue
        action = row["action"].strip().lower()
        if action in ("join", "renew", "upgrade"):
            terms[customer].append((date.fromisoformat(row["term_start"].strip()),
                                    date.fromisoformat(row["term_end"].strip())))
        elif action == "cancel":
            cancels[customer].append(date.fromisoformat(row["action_date"].strip()))
    decided = []  # (customer, start, end, first term, renewed)
    for customer, spans in terms.items():
        spans.sort()
        for i, (start, end) in enumerate(spans):
            cancelled = any(start <= c <= end for c in cancels[customer])
            renewed = i + 1 < len(spans) and spans[i + 1][0] <= end + timedelta(days=31)
            if end + timedelta(days=30) < as_of:
                decided.append((customer, start, end, i == 0, renewed and not cancelled))
    touches = defaultdict(list)
    for customer, kind, at, bad in con.execute(
            "select customer_id, touchpoint_type, cast(occurred_at as date), "
            "is_negative and source_system <> 'surveys' from marts.fct_touchpoints "
            "where customer_id is not null").fetchall():
        touches[customer].append((kind, at, bad))
    published = {t: (e, b) for t, e, b in con.execute(
        "select touchpoint_type, exposed_outcome_rate, baseline_outcome_rate from reporting.mart_touchpoint_impact "
        "where outcome = 'membership_renewal' and touch_segment = 'all'").fetchall()}
    assert published
    for kind, (exposed_rate, baseline_rate) in published.items():
        cells = defaultdict(lambda: [0, 0, 0, 0])  # stratum -> exposed, exposed renewed, other, other renewed
        for customer, start, end, first, renewed in decided:
            window = [(k, bad) for k, at, bad in touches[customer] if start <= at <= end - timedelta(days=30)]
            hit = any(k == kind for k, _ in window)
            other_bad = len({k for k, bad in window if bad and not (hit and k == kind)}) > 0
            cell = cells[(end.year, first, other_bad)]
            cell[0 if hit else 2] += 1
            cell[1 if hit else 3] += renewed
        usable = [c for c in cells.values() if c[0] and c[2]]
        n = sum(c[0] for c in usable)
        assert exposed_rate == pytest.approx(sum(c[1] for c in usable) / n), kind
        assert baseline_rate == pytest.approx(sum(c[0] * c[3] / c[2] for c in usable) / n), kind


# -- planted effects -------------------------------------------------------------------------------

PLANTED_PEOPLE = 3000
# the world without the fading is larger: its null test needs at least 30 lapsed terms to compare.
# At 3,000 people 18 seeds gave 36-54 of them (mean 44), and one CI seed only 28; at 4,500 about 66
# are expected, so the guard holds with room (the planted world's own count is not changed here: its
# other tests were calibrated at 3,000 people)
UNFADED_PEOPLE = 4500
# the fading world is larger still: at 3,000 people the lapsed terms hold only ~45 earlier and ~15
# recent opens, so 1 world in 10-15 failed the fading test on power alone (fewer than 30 lapsed
# terms, or a 95 % upper bound at or above 1); at 6,000 a conditional simulation of 32 worlds'
# opens put its failure rate near 0.15 % (the planted world's other tests stay calibrated at 3,000)
FADED_PEOPLE = 6000
# the morning readers' world: the effect is large (their best window opens about three times as often)
TIMING_PEOPLE = 1500
# the tests below ask more of a 95 % interval than a single world can give: 1 world in 20 misses
# the truth by chance. They read the interval's own standard error and allow 3.29 of them (99.9 %),
# so that a session fails on a biased method, not on the luck of its seed
WIDE_Z = 3.29


def build_as_far_as(root: Path, selectors: list[str]) -> None:
    """dbt build of a generated world (root/raw) into root/dev.duckdb, models only: no gate, no
    tests (the statistics are what is scored)."""
    env = dict(os.environ, CJW_RAW_DIR=str(root / "raw"), CJW_DEV_DUCKDB=str(root / "dev.duckdb"))
    dbt = os.path.join(os.path.dirname(sys.executable), "dbt")
    subprocess.run([dbt, "build", "--select", *selectors, "--exclude-resource-type", "test", "unit_test",
                    "--target-path", str(root / "target"), "--log-path", str(root / "logs")],
                   cwd=PROJECT_DIR, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def planted(tmp_path_factory, world_seed):
    """A world with planted answers (cjw.generator.PLANTED: workshops raise renewal, conferences and
    webinars do nothing, print mail goes out at random and does nothing, a lapsing member's engagement
    fades before the term ends, emails go out at every hour and no hour is preferred), built by dbt
    as far as mart_touchpoint_impact and mart_email_send_windows (no gate, no tests: the statistics
    are what is scored here; the fading is scored in the larger `faded` world)."""
    root = tmp_path_factory.mktemp("planted")
    generate(PLANTED_PEOPLE, world_seed + 1, root / "raw", root / "truth", effects=PLANTED)
    build_as_far_as(root, ["+mart_touchpoint_impact", "+mart_email_send_windows"])
    with duckdb.connect(str(root / "dev.duckdb"), read_only=True) as con:
        rows = con.execute("select touchpoint_type, touch_segment, outcome, lift, lift_low, lift_high, "
                           "exposed_moments from reporting.mart_touchpoint_impact").fetchall()
    impact = {(t, s, o): (lift, low, high, n) for t, s, o, lift, low, high, n in rows}
    return root, impact


def log_standard_error(low: float, high: float) -> float:
    """The standard error of a lift on the log scale, read from its published 95 % interval."""
    return (math.log1p(high) - math.log1p(low)) / (2 * 1.96)


def wide_interval(lift: float, low: float, high: float) -> tuple[float, float]:
    """The 99.9 % interval of a published 95 % one (same estimate, same standard error, log scale)."""
    se = log_standard_error(low, high)
    return math.expm1(math.log1p(lift) - WIDE_Z * se), math.expm1(math.log1p(lift) + WIDE_Z * se)


def log_lift_difference_z(lift: float, low: float, high: float, other: float, other_low: float,
                          other_high: float) -> float:
    """How many standard errors the first lift lies above the second, on the log scale (each
    standard error read from its published 95 % interval, the two estimates independent)."""
    spread = math.hypot(log_standard_error(low, high), log_standard_error(other_low, other_high))
    return (math.log1p(lift) - math.log1p(other)) / spread


def test_the_difference_of_two_lifts_is_read_in_standard_errors():
    """Two lifts of +50 % and +10 %, each with a standard error of 0.1 on the log scale: the first
    lies log(1.5 / 1.1) / (0.1 * sqrt 2) = 2.19 standard errors above the second."""
    def interval(lift: float) -> tuple[float, float, float]:
        return lift, math.expm1(math.log1p(lift) - 0.196), math.expm1(math.log1p(lift) + 0.196)
    z = log_lift_difference_z(*interval(0.5), *interval(0.1))
    assert z == pytest.approx(math.log(1.5 / 1.1) / (0.1 * math.sqrt(2)))
    assert z == pytest.approx(2.193, abs=1e-3)
    assert log_lift_difference_z(*interval(0.1), *interval(0.5)) == pytest.approx(-z)


def test_a_real_effect_is_found_with_its_size_and_the_event_type_that_carries_it(planted):
    """Workshops raise renewal, conferences and webinars do not: the workshop row finds the effect
    and its true size (from the generator's probabilities) lies in its interval; the other event
    types show no effect and less than the workshops."""
    root, impact = planted
    decisions = read_csv(root / "truth" / "renewal_decisions.csv")
    exposed = [d for d in decisions if int(d["workshops_attended"]) > 0]
    true_lift = (sum(float(d["renew_probability"]) for d in exposed)
                 / sum(float(d["renew_probability_without_events"]) for d in exposed) - 1)
    lift, low, high, n = impact[("event_attended", "workshop", "membership_renewal")]
    print(f"workshop -> renewal: truth {true_lift:+.0%}, published {lift:+.0%} [{low:+.0%}, {high:+.0%}], {n} terms")
    assert low > 0, "the real effect is found"
    wide_low, wide_high = wide_interval(lift, low, high)
    assert wide_low <= true_lift <= wide_high
    for kind in ("webinar", "conference"):
        other = impact.get(("event_attended", kind, "membership_renewal"))
        if other is None:
            continue
        print(f"{kind} -> renewal: published {other[0]:+.0%} [{other[1]:+.0%}, {other[2]:+.0%}], {other[3]} terms")
        wide_low, wide_high = wide_interval(*other[:3])
        assert wide_low <= 0 <= wide_high, f"{kind}s do nothing"
        # less than the workshops, read like every interval here (3.29 standard errors of the
        # difference, log scale): comparing the two estimates bare failed on 1 seed in 8, where 8
        # conference terms came out at +45 % [+5 %, +101 %] against the workshops' +44 %
        assert log_lift_difference_z(lift, low, high, *other[:3]) > -WIDE_Z, \
            f"the workshops carry the effect, not the {kind}s"


@pytest.mark.parametrize("outcome", ["conversion", "purchase", "donation", "membership_renewal"])
def test_a_null_effect_is_not_found(planted, outcome):
    """Print mail goes out at random and changes nothing: its lift's interval covers 0 (compared
    within the campaign's eligible population; against people who happened to be active the same
    months it read -19 % with an interval of -27 % to -11 %)."""
    _, impact = planted
    lift, low, high, n = impact[("mail_piece", "all", outcome)]
    print(f"mail -> {outcome}: {lift:+.1%} [{low:+.1%}, {high:+.1%}], {n} exposed")
    wide_low, wide_high = wide_interval(lift, low, high)
    assert wide_low <= 0 <= wide_high


# -- silent churn ----------------------------------------------------------------------------------

def silent_churn(db: Path) -> dict[tuple[str, str], tuple]:
    """(term_outcome, feedback) -> (terms, ratio_vs_renewed, its low, its high, the 99.9 % interval)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select term_outcome, feedback, terms, ratio_vs_renewed, ratio_vs_renewed_low, "
                           "ratio_vs_renewed_high, earlier_opens, recent_opens, "
                           "max(case when term_outcome = 'renewed' and feedback = 'all' then engagement_ratio end) "
                           "over () from reporting.mart_silent_churn").fetchall()
    out = {}
    for outcome, feedback, terms, ratio, low, high, earlier, recent, renewed in rows:
        wide = None
        if low is not None and recent == 0:
            # no recent open: the published bound is the exact (Clopper-Pearson) one of the recent
            # window's share of the group's opens; its 99.9 % version
            assert low == ratio == 0 and high == pytest.approx((0.025 ** (-1 / earlier) - 1) / renewed)
            wide = (0.0, (0.0005 ** (-1 / earlier) - 1) / renewed)
        elif low is not None:
            wide = wide_ratio_interval(ratio, low, high)
        out[(outcome, feedback)] = (terms, ratio, low, high, wide)
    return out


def wide_ratio_interval(ratio: float, low: float, high: float) -> tuple[float, float]:
    """The 99.9 % interval of a published 95 % one on the log scale (same estimate, same error)."""
    se = (math.log(high) - math.log(low)) / (2 * 1.96)
    return ratio * math.exp(-WIDE_Z * se), ratio * math.exp(WIDE_Z * se)


def test_the_exact_bound_of_no_recent_open_is_the_published_one():
    """Clopper-Pearson's upper 95 % bound for 0 successes in 16 trials is 0.2059 (1 - 0.025^(1/16));
    as a ratio of recent to earlier opens, p / (1 - p)."""
    p = 1 - 0.025 ** (1 / 16)
    assert p == pytest.approx(0.2059, abs=5e-5)
    assert p / (1 - p) == pytest.approx(0.025 ** (-1 / 16) - 1)


@pytest.fixture(scope="module")
def faded(tmp_path_factory, world_seed) -> Path:
    """The planted world (PLANTED, with its fading) in a larger world (FADED_PEOPLE), built as far as
    mart_silent_churn."""
    root = tmp_path_factory.mktemp("faded")
    generate(FADED_PEOPLE, world_seed + 4, root / "raw", effects=PLANTED)
    build_as_far_as(root, ["+mart_silent_churn"])
    return root / "dev.duckdb"


def test_planted_fading_engagement_before_a_lapse_is_found(faded):
    """In the planted world 80 % of a lapsing member's opens and visits vanish in the 120 days before
    the term ends. The mart's recent window (40 to 130 days before the end) then keeps 26/90 of
    them: all lapsed terms' ratio against the renewed must lie below 1, with the planted size
    inside its interval; the silent lapsers are reported with an interval that holds it too."""
    churn = silent_churn(faded)
    window, gap = 90, 40
    overlap = min(window, PLANTED.lapse_fade_days - gap)
    truth = (window - overlap + overlap * (1 - PLANTED.lapse_engagement_drop)) / window
    terms, ratio, low, high, wide = churn[("lapsed", "all")]
    assert terms >= 30 and high < 1, churn[("lapsed", "all")]
    assert wide[0] <= truth <= wide[1], (truth, ratio, wide)
    terms, ratio, low, high, wide = churn[("lapsed", "silent")]
    assert terms >= 5 and low is not None
    assert wide[0] <= truth <= wide[1], (truth, ratio, wide)


@pytest.fixture(scope="module")
def unfaded(tmp_path_factory, world_seed) -> Path:
    """The planted world's effects without the fading (the same lapse rates, engagement unchanged
    before them) in a larger world (UNFADED_PEOPLE), built as far as mart_silent_churn."""
    root = tmp_path_factory.mktemp("unfaded")
    unfaded_effects = dataclasses.replace(PLANTED, lapse_engagement_drop=0.0)
    generate(UNFADED_PEOPLE, world_seed + 2, root / "raw", effects=unfaded_effects)
    build_as_far_as(root, ["+mart_silent_churn"])
    return root / "dev.duckdb"


def test_no_fading_engagement_is_found_where_none_was_planted(unfaded):
    """A world like the planted one but without the fading: lapsed terms, silent or not, read as
    renewed ones do."""
    churn = silent_churn(unfaded)
    for key in (("lapsed", "all"), ("lapsed", "silent")):
        if key not in churn or churn[key][2] is None:  # no lapsed terms of the kind, or no touches to compare
            continue
        wide = churn[key][4]
        assert wide[0] <= 1 <= wide[1], (key, churn[key])
    assert churn[("lapsed", "all")][0] >= 30


def test_the_engagement_interval_covers_the_truth_for_a_few_terms(unfaded, world_seed):
    """The mart's own SQL (as compiled for the unfaded world) run on simulated terms where nothing
    fades: 8 silent lapsed terms against 75 renewed ones, each member opening a gamma-Poisson number
    of emails per window (mean 1.5, as the generated members do) with the same mean in both windows.
    The true ratio is 1, so a 95 % interval must miss it at most 5 % of the time (7 % allowed for
    the simulation's own noise). From the variance over terms alone it missed 12 %."""
    sql = (unfaded.parent / "target/compiled/customer_journey/models/marts/reporting/mart_silent_churn.sql").read_text()
    sql = sql.replace('"dev".', "")
    rng = np.random.default_rng(world_seed)
    ends, starts = date(2025, 12, 31), date(2025, 1, 1)
    # inside the earlier window (2025-05-25 to 2025-08-22) and the recent one (2025-08-23 to 2025-11-20)
    earlier_at, recent_at, first_at = "2025-06-15 10:00:00", "2025-09-15 10:00:00", "2025-01-10 10:00:00"
    lapsed, renewed, runs, missed = 8, 75, 400, 0
    n = lapsed + renewed
    customers = np.array([f"c{i}" for i in range(n)])
    terms = pd.DataFrame({"membership_event_id": [f"m{i}" for i in range(n)], "customer_id": customers,
                          "term_start": starts, "term_end": ends,
                          "term_outcome": ["lapsed"] * lapsed + ["renewed"] * renewed, "is_outcome_known": True})
    with duckdb.connect() as con:
        con.execute("create schema marts")
        con.register("terms", terms)
        con.execute("create table marts.fct_membership_terms as select * from terms")
        for _ in range(runs):
            rate = rng.gamma(1.0, 1.5, n)
            earlier, recent = rng.poisson(rate), rng.poisson(rate)
            opens = pd.DataFrame({
                "customer_id": np.concatenate([customers, np.repeat(customers, earlier), np.repeat(customers, recent)]),
                "occurred_at": pd.to_datetime([first_at] * n + [earlier_at] * int(earlier.sum())
                                              + [recent_at] * int(recent.sum())),
            })
            con.register("opens", opens)
            con.execute("create or replace table marts.fct_touchpoints as select *, 'email_open' as touchpoint_type, "
                        "'email' as source_system, false as is_negative from opens")
            row = con.execute(f"select ratio_vs_renewed_low, ratio_vs_renewed_high from ({sql}) "
                              "where term_outcome = 'lapsed' and feedback = 'silent'").fetchone()
            low, high = row if row else (None, None)
            if low is None:  # no open in the earlier window: no ratio
                runs -= 1
                continue
            missed += not low <= 1 <= high
    print(f"95 % intervals of 8 terms that missed a ratio of 1: {missed} of {runs}")
    assert runs > 350
    assert missed / runs <= 0.07


# -- engagement timing -----------------------------------------------------------------------------

def send_windows(db: Path, window_hours: int) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("select segment, window_start_hour, sends, open_rate, is_best_window "
                           "from reporting.mart_email_send_windows where window_hours = ? "
                           "order by segment, window_start_hour", [window_hours]).fetchall()
    out: dict[str, list[tuple]] = defaultdict(list)
    for segment, *rest in rows:
        out[segment].append(tuple(rest))
    return out


@pytest.fixture(scope="module")
def morning_readers(tmp_path_factory, world_seed) -> Path:
    """A world whose members read email only from 7 to 9 am on their own clock
    (cjw.generator.MORNING_READERS), built as far as the timing marts."""
    root = tmp_path_factory.mktemp("morning")
    generate(TIMING_PEOPLE, world_seed + 3, root / "raw", effects=MORNING_READERS)
    build_as_far_as(root, ["+mart_email_send_windows", "+mart_engagement_timing"])
    return root / "dev.duckdb"


def test_planted_morning_readers_are_found(morning_readers):
    """Members of the planted world read email only from 7 to 9 am on their own clock, and open what
    arrived from 3 hours before that far more often. On the warehouse's clock for each customer
    (phone area code or CRM country), the members' opens must fall in those hours, and the 3-hour
    send window that holds most of the favoured arrival hours must be the members' best, standing
    clear of every other; the generator's reading hours are the truth."""
    start, end = MORNING_READERS.member_reading_hours
    favoured = set(range(start - 3, end))
    expected = max(range(0, 24, 3), key=lambda w: len(favoured & set(range(w, w + 3))))
    windows = send_windows(morning_readers, 3)
    best = [w for w, sends, rate, is_best in windows["members"] if is_best]
    print("members' 3-hour windows:", [(w, n, round(r, 3), b) for w, n, r, b in windows["members"]])
    assert best == [expected]
    with duckdb.connect(str(morning_readers), read_only=True) as con:
        in_hours, total = con.execute(
            "select sum(touches) filter (where hour_of_day >= ? and hour_of_day < ?), sum(touches) "
            "from reporting.mart_engagement_timing where segment = 'members' and clock = 'local' "
            "and touchpoint_type = 'email_open'", [start, end]).fetchone()
        peak = con.execute(
            "select hour_of_day from reporting.mart_engagement_timing where segment = 'members' and clock = 'local' "
            "and touchpoint_type = 'email_open' group by hour_of_day order by sum(touches) desc limit 1").fetchone()[0]
    print(f"members' opens in {start}-{end} h local: {in_hours} of {total}")
    assert total > 500 and in_hours / total >= 0.9
    assert start <= peak < end


def test_no_best_send_window_where_opens_have_no_hour(planted):
    """Emails arrive at every hour in the planted world too, but no one prefers one: no segment may
    have a best send window, in 1-hour or in 3-hour windows."""
    root, _ = planted
    for hours in (1, 3):
        windows = send_windows(root / "dev.duckdb", hours)
        assert sum(n for w, n, r, b in windows["all"]) > 10_000
        claimed = {segment: [w for w, n, r, b in rows if b] for segment, rows in windows.items()}
        assert all(not best for best in claimed.values()), (hours, claimed)


def test_each_customers_clock_is_their_true_time_zone(built_world):
    """The warehouse's clock for each customer (dim_customers.time_zone, from the phone's area code or
    the CRM country) against the generator's truth: the time zone of the person behind the
    customer's emails. Every customer on a known clock must be on the true one (2 % allowed for
    people the identity graph merged), and most customers' clocks are known."""
    con = built_world.connect()
    truth = built_world.truth_dir
    rows = con.execute(f"""
        with owners as (
            select ids.customer_id, truth_ids.person_id, count(*) as n
            from intermediate.int_customer_identifiers as ids
            inner join read_csv('{truth / 'identifiers.csv'}', all_varchar = true) as truth_ids
                on ids.identifier_type = truth_ids.identifier_type
                and ids.identifier_value = lower(truth_ids.identifier_value)
            where ids.identifier_type = 'email'
            group by all
        ),
        owner as (
            select customer_id, arg_max(person_id, (n, person_id)) as person_id from owners group by customer_id
        )
        select customers.time_zone_source, customers.time_zone = people.time_zone as is_true, count(*)
        from marts.dim_customers as customers
        inner join owner on customers.customer_id = owner.customer_id
        inner join read_csv('{truth / 'people.csv'}', all_varchar = true) as people
            on owner.person_id = people.person_id
        group by all""").fetchall()
    counts = Counter({(source, is_true): n for source, is_true, n in rows})
    known = sum(n for (source, _), n in counts.items() if source != "utc")
    wrong = sum(n for (source, is_true), n in counts.items() if source != "utc" and not is_true)
    total = sum(counts.values())
    print("clocks:", dict(counts))
    assert total > 500 and known >= 0.6 * total
    assert wrong <= 0.02 * known, dict(counts)


# -- what customers write ----------------------------------------------------------------------------

COVERED_THEMES = ["price", "staff", "speed", "website", "venue", "content"]


def text_truth(world) -> dict[str, tuple[str, set[str]]]:
    """text_id -> (true polarity, true themes) of every comment and message the generator wrote."""
    prefix = {"raw_social_interactions": "social:", "raw_survey_responses": "surveys:"}
    return {prefix[r["source_file"]] + r["record_id"]: (r["sentiment"], set(filter(None, r["themes"].split("|"))))
            for r in read_csv(world.truth_dir / "texts.csv")}


def test_text_sentiment_is_scored_against_the_generators_truth(built_world):
    """VADER's label of each comment and message against the polarity the generator wrote it with:
    the accuracy is reported, must beat 0.6 on three classes, and the mean score must order the
    true polarities (negative < neutral < positive)."""
    truth = text_truth(built_world)
    rows = built_world.connect().execute(
        "select text_id, sentiment_score, sentiment_label from marts.fct_texts "
        "where text_kind <> 'ticket_category'").fetchall()
    scored = [(truth[t][0], score, label) for t, score, label in rows if t in truth]
    assert len(scored) >= 0.95 * len(truth) and len(scored) > 300
    confusion = Counter((true, label) for true, _, label in scored)
    accuracy = sum(n for (true, label), n in confusion.items() if true == label) / len(scored)
    means = {p: float(np.mean([s for t, s, _ in scored if t == p])) for p in ("negative", "neutral", "positive")}
    print(f"sentiment: accuracy {accuracy:.1%} on {len(scored)} texts; mean scores {means}; {dict(confusion)}")
    assert accuracy >= 0.6
    assert means["negative"] < means["neutral"] < means["positive"]


def test_text_themes_are_scored_against_the_generators_truth(built_world):
    """The taxonomy's themes of each comment and message against the themes the generator wrote:
    per theme, recall and precision are reported; each must reach 0.75 and 0.8 (the generator's
    words are not the taxonomy's: a typo or a synonym is missed). The themes the taxonomy does not
    know (the mobile app, parking) must come up among the frequent uncovered phrases."""
    truth = text_truth(built_world)
    con = built_world.connect()
    found = defaultdict(set)
    for text_id, theme in con.execute("select text_id, theme from marts.fct_text_themes").fetchall():
        found[text_id].add(theme)
    texts = [t for (t,) in con.execute("select text_id from marts.fct_texts where text_kind <> 'ticket_category'"
                                       ).fetchall() if t in truth]
    for theme in COVERED_THEMES:
        true = {t for t in texts if theme in truth[t][1]}
        predicted = {t for t in texts if theme in found[t]}
        recall = len(true & predicted) / len(true)
        precision = len(true & predicted) / len(predicted)
        print(f"theme {theme}: recall {recall:.0%} precision {precision:.0%} ({len(true)} true)")
        assert len(true) >= 20 and recall >= 0.75 and precision >= 0.8, theme
    phrases = [p for (p,) in con.execute("select phrase from marts.fct_text_uncovered_phrases "
                                         "order by people desc, phrase limit 15").fetchall()]
    print("uncovered:", phrases)
    assert any("mobile app" in p for p in phrases) and any("parking" in p for p in phrases)
