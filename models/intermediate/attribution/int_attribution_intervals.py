"""90 % bootstrap intervals of attributed conversions per (model, channel), over journeys.

The resampling lives in cjw.bootstrap (Poisson bootstrap at the level of distinct channel paths,
200 replicates, fixed seed so rebuilds agree); this model feeds it fct_attribution and fct_journeys.
"""

import pyarrow as pa

from cjw.bootstrap import markov_intervals, rule_based_intervals


def model(dbt, session):
    attribution = dbt.ref("int_attribution_credits")
    journeys = dbt.ref("int_journeys")
    joined = attribution.join(journeys.project("journey_id, channel_path"), "journey_id")
    rows = joined.filter("model != 'markov'").aggregate(
        "model, channel_path, channel, sum(credit) as credit, count(distinct journey_id) as n",
        "model, channel_path, channel",
    ).fetchall()
    # journeys per path, for the weights: every journey of the path, not only those crediting the channel
    per_path = dict(journeys.filter("is_converted").aggregate("channel_path, count(*)", "channel_path").fetchall())
    rows = [(m, p, c, float(credit), per_path[p]) for m, p, c, credit, _ in rows]
    intervals = rule_based_intervals(rows)
    paths = journeys.filter("not is_open").aggregate(
        "channel_path, count(*) filter (where is_converted), count(*) filter (where not is_converted)",
        "channel_path",
    ).fetchall()
    for channel, bounds in markov_intervals(paths).items():
        intervals[("markov", channel)] = bounds
    keys = sorted(intervals)
    return pa.table({
        "model": [k[0] for k in keys],
        "channel": [k[1] for k in keys],
        "conversions_low": [intervals[k][0] for k in keys],
        "conversions_high": [intervals[k][1] for k in keys],
    })
