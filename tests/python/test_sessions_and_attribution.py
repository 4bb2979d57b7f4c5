"""Sessions and attribution against independent re-implementations, on an unseen world."""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from cjw.markov import removal_effects

CAMPAIGN_KEYS = ("utm_source", "utm_medium", "utm_campaign", "gclid", "fbclid", "li_fat_id")


def python_sessions(raw_dir, truth_dir) -> set[str]:
    """Sessions by the contract's rules, written as the obvious loop over each client's events."""
    staged = set()
    with open(truth_dir / "rows.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["source_file"] == "raw_web_events" and row["status"] == "staged":
                staged.add(int(row["line_number"]))
    by_client = defaultdict(list)
    with open(raw_dir / "raw_web_events.csv", encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if line not in staged:
                continue
            query = parse_qs(urlsplit(row["page_location"]).query)
            key = None
            if any(k in query for k in CAMPAIGN_KEYS):
                key = tuple((query.get(k, [""])[0].lower() if k.startswith("utm") else query.get(k, [""])[0])
                            for k in CAMPAIGN_KEYS)
                key = (key[0], key[1], key[2], key[3] or key[4] or key[5])
            by_client[row["client_id"].strip()].append((int(row["event_timestamp"]), row["event_id"].strip(), key))
    starts = set()
    for events in by_client.values():
        events.sort(key=lambda e: (e[0], e[1]))
        last_ts, current = None, None
        for ts, event_id, key in events:
            if last_ts is None or ts - last_ts > 30 * 60 * 1_000_000 or (key is not None and key != current):
                starts.add(event_id)
                current = key
            last_ts = ts
    return starts


def test_sessions_match_an_independent_implementation(built_world):
    con = built_world.connect()
    warehouse = {r[0] for r in con.execute("select session_id from intermediate.int_web_sessions").fetchall()}
    expected = python_sessions(built_world.raw_dir, built_world.truth_dir)
    assert len(expected) > 1000
    assert warehouse == expected, (len(warehouse - expected), len(expected - warehouse))


def test_every_session_is_one_web_touchpoint(built_world):
    """Every session of a non-test device is exactly one web touchpoint."""
    con = built_world.connect()
    n_sessions, n_web = con.execute(
        "select (select count(*) from intermediate.int_web_sessions where not is_test), "
        "(select count(*) from marts.fct_touchpoints where source_system = 'web')").fetchone()
    assert n_sessions == n_web


def rule_credits(days: list[float]) -> dict[str, list[float]]:
    n = len(days)
    if n == 1:
        pos = [1.0]
    elif n == 2:
        pos = [0.5, 0.5]
    else:
        pos = [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]
    weights = [2 ** (-d / 7) for d in days]
    return {
        "first_touch": [1.0] + [0.0] * (n - 1),
        "last_touch": [0.0] * (n - 1) + [1.0],
        "linear": [1 / n] * n,
        "position_based": pos,
        "time_decay": [w / sum(weights) for w in weights],
    }


def test_rule_based_channel_totals_match_an_independent_implementation(built_world):
    con = built_world.connect()
    rows = con.execute("""
        select journey_id, channel, days_before_conversion from intermediate.int_journey_touchpoints
        where is_converted order by journey_id, seq
    """).fetchall()
    journeys = defaultdict(list)
    for journey, channel, days in rows:
        journeys[journey].append((channel, days))
    totals = defaultdict(float)
    for touches in journeys.values():
        for model, credits in rule_credits([max(d, 0.0) for _, d in touches]).items():
            for (channel, _), credit in zip(touches, credits, strict=True):
                totals[(model, channel)] += credit
    mart = {(m, c): v for m, c, v in con.execute(
        "select model, channel, conversions from reporting.mart_channel_attribution where model != 'markov'"
    ).fetchall()}
    assert set(mart) == {k for k, v in totals.items()} | {k for k in mart if k not in totals}
    for key, value in totals.items():
        assert mart[key] == pytest.approx(value, abs=1e-6), key


def test_channel_totals_are_the_credits_added_exactly(built_world):
    """The published totals do not depend on the order the credits arrive in: each is the exact sum
    of the credits rounded to a double once (macros/exact_sum.sql), which is what Python's
    math.fsum (Shewchuk's algorithm, correctly rounded) gives: equal to the last bit. A sum of
    doubles in one order differs from it in the last bits in some of these groups (asserted, so
    the groups are large enough for the test to fail on a plain sum)."""
    con = built_world.connect()
    credits = defaultdict(list)
    for model, channel, credit in con.execute(
            "select model, channel, credit from marts.fct_attribution where model != 'markov'").fetchall():
        credits[(model, channel)].append(credit)
    mart = {(m, c): v for m, c, v in con.execute(
        "select model, channel, conversions from reporting.mart_channel_attribution where model != 'markov'"
    ).fetchall()}
    assert mart.keys() == credits.keys() and len(mart) > 20
    assert {key: value for key, value in mart.items() if value != math.fsum(credits[key])} == {}
    # the groups are large enough for the order to matter: a plain running sum misses in some
    assert sum(sum(values) != math.fsum(values) for values in credits.values()) > 0


def markov_by_iteration(paths: list[tuple[list[str], int, int]]) -> dict[str, float]:
    """The standard Markov total per channel, by value iteration (no matrix inverse)."""
    trans = defaultdict(lambda: defaultdict(float))
    for path, conv, lost in paths:
        steps = ["start", *path]
        for a, b in zip(steps, steps[1:], strict=False):
            trans[a][b] += conv + lost
        trans[path[-1]]["conversion"] += conv
        trans[path[-1]]["null"] += lost

    def p_conversion(removed: str | None) -> float:
        value = defaultdict(float)
        value["conversion"] = 1.0
        for _ in range(5000):
            delta = 0.0
            for state, outs in trans.items():
                if state == removed:
                    continue
                total = sum(outs.values())
                new = sum(w / total * (0.0 if nxt == removed else value[nxt]) for nxt, w in outs.items())
                delta = max(delta, abs(new - value[state]))
                value[state] = new
            if delta < 1e-15:
                break
        return value["start"]

    base = p_conversion(None)
    channels = sorted({c for p, _, _ in paths for c in p})
    effects = {c: 1 - p_conversion(c) / base for c in channels}
    conversions = sum(c for _, c, _ in paths)
    return {c: e / sum(effects.values()) * conversions for c, e in effects.items()}


def test_markov_totals_match_an_independent_implementation(built_world):
    con = built_world.connect()
    grouped = con.execute("""
        select channel_path, count(*) filter (where is_converted), count(*) filter (where not is_converted)
        from marts.fct_journeys where not is_open group by 1
    """).fetchall()
    expected = markov_by_iteration([(p.split(" > "), c, n) for p, c, n in grouped])
    mart = dict(con.execute("select channel, conversions from reporting.mart_channel_attribution "
                            "where model = 'markov'").fetchall())
    assert set(mart) == set(expected)
    for channel, value in expected.items():
        assert mart[channel] == pytest.approx(value, rel=1e-6), channel


def test_markov_textbook_example():
    """Three paths: C1 > C2 > C3 converts, C1 does not, C2 > C3 does not. P(conversion) =
    2/3 x 1/2 x 1 x 1/2 + 1/3 x 1 x 1/2 = 1/3. Without C1: 1/3 x 1/2 = 1/6, removal effect 1/2;
    without C2 or C3 nothing converts: 1 each. Credit of the one conversion: 0.2 / 0.4 / 0.4."""
    result = removal_effects([(["C1", "C2", "C3"], 1, 0), (["C1"], 0, 1), (["C2", "C3"], 0, 1)])
    assert result.conversion_probability == pytest.approx(1 / 3)
    assert result.removal_effects == pytest.approx({"C1": 0.5, "C2": 1.0, "C3": 1.0})
    assert result.total_credit() == pytest.approx({"C1": 0.2, "C2": 0.4, "C3": 0.4})
    assert markov_by_iteration([(["C1", "C2", "C3"], 1, 0), (["C1"], 0, 1), (["C2", "C3"], 0, 1)]) == \
        pytest.approx({"C1": 0.2, "C2": 0.4, "C3": 0.4})


def test_bootstrap_intervals_bracket_the_estimates(built_world):
    con = built_world.connect()
    rows = con.execute("select conversions, conversions_low, conversions_high from reporting.mart_channel_attribution "
                       "where conversions > 5").fetchall()
    assert rows
    widths = np.array([(hi - lo) / c for c, lo, hi in rows])
    assert all(lo <= c + 1e-9 <= hi + 2e-9 for c, lo, hi in rows)
    assert (widths > 0).all() and (widths < 1.5).all()


def test_ad_spend_matches_the_generators_costs(built_world):
    """fct_ad_spend against the generator's truth: per month (UTC), channel and campaign, the clicks
    the contract stages and the USD cost the generator charged for each; and the spend-and-return
    mart shares each channel's Markov conversions without losing or adding any."""
    truth = {}
    with open(built_world.truth_dir / "rows.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["source_file"] == "raw_ad_clicks" and row["status"] == "staged":
                truth[int(row["line_number"])] = (row["ts_utc"][:7], float(row["usd"]))
    expected = defaultdict(lambda: [0, 0.0])
    with open(built_world.raw_dir / "raw_ad_clicks.csv", encoding="utf-8", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            if line in truth:
                month, usd = truth[line]
                channel = "paid_search" if row["platform"].strip() == "google_ads" else "paid_social"
                cell = expected[(month, channel, row["campaign_name"].strip())]
                cell[0] += 1
                cell[1] += usd
    con = built_world.connect()
    got = {(m.strftime("%Y-%m"), ch, ca): (n, float(c)) for m, ch, ca, n, c in con.execute(
        "select month_start, channel, campaign, clicks, cost_usd from marts.fct_ad_spend").fetchall()}
    assert len(expected) > 10 and set(got) == set(expected)
    for key, (clicks, cost) in expected.items():
        assert got[key][0] == clicks, key
        assert got[key][1] == pytest.approx(cost, abs=0.005 * clicks), key
    shared = con.execute("""
        select s.model, s.channel, sum(s.conversions), any_value(a.conversions)
        from reporting.mart_ad_spend_return as s
        inner join reporting.mart_channel_attribution as a on s.model = a.model and s.channel = a.channel
        group by s.model, s.channel""").fetchall()
    assert len(shared) == 12
    for model, channel, total, stated in shared:
        assert total == pytest.approx(stated, abs=1e-6), (model, channel)
