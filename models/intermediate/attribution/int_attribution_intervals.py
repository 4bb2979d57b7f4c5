"""90 % bootstrap intervals of attributed conversions per (model, channel), over journeys.

The resampling lives in cjw.bootstrap (Poisson bootstrap at the level of distinct channel paths,
200 replicates, fixed seed so rebuilds agree); this model feeds it the rule-based credits
(int_attribution_rule_credits) and the journeys (int_journeys); the Markov intervals resample the paths.
"""

import pyarrow as pa

from cjw.bootstrap import markov_intervals, rule_based_intervals
from cjw.relations import drop_held, held_table

RULE_MODELS = ("first_touch", "last_touch", "linear", "position_based", "time_decay")


def model(dbt, session):
    # the rule-based credits, a row per model (the Markov intervals come from the paths themselves,
    # below); the models are macros/attribution_rule_models.sql's, the table's credit columns (a
    # model missing here has no interval, which mart_channel_attribution's interval test rejects)
    wide = dbt.ref("int_attribution_rule_credits")
    journeys = dbt.ref("int_journeys")
    # the credits summed per (path, channel) in one pass over the wide table, every model a column,
    # and held once (a few hundred thousand rows at 1M people) in a temporary table: the long form
    # joined to the journeys and grouped per (model, path, channel), as a relation read twice (for
    # the keys and for the numbers), was five passes each time. The credits are added exactly, as
    # integers of 2^-80 (macros/exact_sum.sql's DuckDB form, which a Python model cannot call): a sum
    # of doubles follows the order the rows arrive in, and the bounds moved in their last bits
    # between builds of the same data
    sums = ", ".join(f"cast(sum(cast(({name}) * pow(2, 80) as hugeint)) as double) / pow(2, 80) as {name}"
                     for name in RULE_MODELS)
    held = "int_attribution_intervals__path_channel_sums"
    held_table(session, wide.join(journeys.project("journey_id, channel_path"), "journey_id")
               .aggregate(f"channel_path, channel, {sums}", "channel_path, channel"), held)
    held_paths = "int_attribution_intervals__path_journeys"
    try:
        # journeys per path, for the weights: every journey of the path, not only those crediting the channel
        held_table(session, journeys.filter("is_converted").aggregate("channel_path, count(*) as journeys",
                                                                      "channel_path"), held_paths)
        # one entry per (model, channel, path), the keys (model, channel) and paths numbered in DuckDB,
        # in sorted order: numbers, not millions of Python strings, reach numpy (an Arrow table read
        # back, which no join reads). The distinct keys and paths are numbered (70 and 126k at 1M
        # people), then joined to the entries: a dense_rank over all 2.6M entries took 2.5 s of this
        # model's 13 s there. Every (path, channel) row has a credit in every model, so the keys are
        # the models times the channels.
        entries = "\n            union all\n".join(
            f"            select '{name}' as model, channel_path, channel, {name} as credit, journeys from credited"
            for name in RULE_MODELS)
        models = ", ".join(f"('{name}')" for name in RULE_MODELS)
        numbered = session.from_arrow(session.sql(f"""
            with credited as (
                select sums.*, paths.journeys
                from temp.main."{held}" as sums
                inner join temp.main."{held_paths}" as paths on sums.channel_path = paths.channel_path
            ),
            path_numbers as (
                select channel_path, dense_rank() over (order by channel_path) - 1 as path_index
                from (select distinct channel_path from credited)
            ),
            key_numbers as (
                select model, channel, dense_rank() over (order by model, channel) - 1 as key_index
                from (values {models}) as models (model)
                cross join (select distinct channel from credited)
            ),
            entries as (
{entries}
            )
            select entries.model, entries.channel, key_numbers.key_index, path_numbers.path_index,
                entries.credit, entries.journeys
            from entries
            inner join key_numbers on entries.model = key_numbers.model and entries.channel = key_numbers.channel
            inner join path_numbers on entries.channel_path = path_numbers.channel_path
        """).fetch_arrow_table())
    finally:
        drop_held(session, held)
        drop_held(session, held_paths)
    keys = numbered.project("model, channel").distinct().order("model, channel").fetchall()
    columns = numbered.project("key_index, path_index, credit, journeys").fetchnumpy()
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
