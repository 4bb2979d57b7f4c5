"""Markov removal effects per channel, computed exactly from all finished journeys.

Converted journeys end in conversion; closed journeys without a conversion end in null; open
journeys (still inside the lookback) are left out. The linear algebra lives in cjw.markov
(unit-tested on a textbook example); this model only feeds it the journeys' channel paths,
grouped by distinct path so the Python work grows with distinct paths, not with journeys.
"""

import pyarrow as pa

from cjw.markov import removal_effects


def model(dbt, session):
    journeys = dbt.ref("int_journeys")
    grouped = journeys.filter("not is_open").aggregate(
        "channel_path, count(*) filter (where is_converted) as converted, "
        "count(*) filter (where not is_converted) as lost",
        "channel_path",
    ).fetchall()
    paths = [(path.split(" > "), converted, lost) for path, converted, lost in grouped]
    result = removal_effects(paths)
    credit = result.total_credit()
    return pa.table({
        "channel": result.channels,
        "removal_effect": [result.removal_effects[c] for c in result.channels],
        "markov_conversions": [credit[c] for c in result.channels],
        "base_conversion_probability": [result.conversion_probability] * len(result.channels),
        "total_conversions": [result.total_conversions] * len(result.channels),
    })
