"""90 % bootstrap intervals of attributed conversions per (model, channel), over journeys.

The resampling lives in cjw.bootstrap (Poisson bootstrap at the level of distinct channel paths,
200 replicates, fixed seed so rebuilds agree); this model feeds it the rule-based credits
(int_attribution_rule_credits) and the journeys (int_journeys); the Markov intervals resample the paths.
"""

import pyarrow as pa

from cjw.bootstrap import markov_intervals, rule_based_intervals

RULE_MODELS = ("first_touch", "last_touch", "linear", "position_based", "time_decay")


def model(dbt, session):
    # the rule-based credits, a row per model (the Markov intervals come from the paths themselves,
    # below); the models are macros/attribution_rule_models.sql's, the table's credit columns (a
    # model missing here has no interval, which mart_channel_attribution's interval test rejects)
    wide = dbt.ref("int_attribution_rule_credits")
    attribution = None
    for name in RULE_MODELS:
        one = wide.project(f"journey_id, channel, '{name}' as model, {name} as credit")
        attribution = one if attribution is None else attribution.union(one)  # union all
    journeys = dbt.ref("int_journeys")
    credits = attribution.join(journeys.project("journey_id, channel_path"), "journey_id").aggregate(
        "model, channel_path, channel, sum(credit) as credit", "model, channel_path, channel")
    # journeys per path, for the weights: every journey of the path, not only those crediting the channel
    per_path = journeys.filter("is_converted").aggregate("channel_path, count(*) as journeys", "channel_path")
    # keys (model, channel) and paths numbered in DuckDB, in sorted order: numbers, not millions of
    # Python strings, reach numpy
    numbered = credits.join(per_path, "channel_path").project(
        "dense_rank() over (order by model, channel) - 1 as key_index, "
        "dense_rank() over (order by channel_path) - 1 as path_index, credit, journeys")
    keys = credits.project("model, channel").distinct().order("model, channel").fetchall()
    columns = numbered.fetchnumpy()
    n_paths = int(columns["path_index"].max()) + 1 if len(columns["path_index"]) else 0
    bounds = rule_based_intervals(columns["key_index"], columns["path_index"], columns["credit"].astype(float),
                                  columns["journeys"].astype(float), len(keys), n_paths)
    intervals = {key: (float(bounds[i][0]), float(bounds[i][1])) for i, key in enumerate(keys)}
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
