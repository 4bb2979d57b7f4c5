"""Bootstrap intervals for channel attribution, resampling journeys (Poisson bootstrap).

Each replicate gives every journey a Poisson(1) weight; journeys with the same channel path are
exchangeable for the path-determined models, so a path seen m times gets a Poisson(m) weight
(the sum of m Poisson(1) draws) and contributes that weight x its average credit per journey.
Rule-based models: a channel's replicate total is sum over paths of weight / m x (credit of the
channel summed over the path's journeys). Markov: the removal effects are recomputed on the
reweighted paths (converted and lost journeys alike). The interval is the 5th-95th percentile.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from scipy.sparse import csr_matrix

from cjw.markov import CONVERSION, NULL, START, conversion_probability

REPLICATES = 200
SEED = 20251123


def rule_based_intervals(rows: list[tuple[str, str, str, float, int]], replicates: int = REPLICATES,
                         seed: int = SEED) -> dict[tuple[str, str], tuple[float, float]]:
    """rows: (model, path, channel, credit summed over the path's journeys, journeys with the path)."""
    rng = np.random.default_rng(seed)
    paths = sorted({r[1] for r in rows})
    index = {p: i for i, p in enumerate(paths)}
    counts = np.zeros(len(paths))
    for _, path, _, _, n in rows:
        counts[index[path]] = n
    weights = (rng.poisson(counts, size=(replicates, len(paths))) / np.maximum(counts, 1)).astype(np.float32)
    by_key: dict[tuple[str, str], np.ndarray] = defaultdict(lambda: np.zeros(len(paths)))
    for model, path, channel, credit, _ in rows:
        by_key[(model, channel)][index[path]] += credit
    out = {}
    for key, vec in by_key.items():
        totals = weights @ vec
        out[key] = (float(np.percentile(totals, 5)), float(np.percentile(totals, 95)))
    return out


def markov_intervals(paths: list[tuple[str, int, int]], replicates: int = REPLICATES,
                     seed: int = SEED) -> dict[str, tuple[float, float]]:
    """paths: (channel path, converted journeys, lost journeys).

    Each path's transitions are counted once into sparse incidence matrices; a replicate's
    transition counts are then its Poisson weights times those matrices, so the work per
    replicate is a sparse product and a few small linear solves, whatever the number of journeys.
    """
    rng = np.random.default_rng(seed + 1)
    # the draws follow the paths in a fixed order: rows come from the warehouse in no set order,
    # and the intervals must be a function of the data alone (two builds publish the same numbers)
    paths = sorted(paths)
    conv = np.array([p[1] for p in paths], dtype=float)
    lost = np.array([p[2] for p in paths], dtype=float)
    split = [p[0].split(" > ") for p in paths]
    channels = sorted({c for p in split for c in p})
    states = [START, *channels, CONVERSION, NULL]
    index = {s: i for i, s in enumerate(states)}
    n = len(states)
    body_rows, body_cols, end_rows, end_cols = [], [], [], []
    for i, path in enumerate(split):
        steps = [START, *path]
        for a, b in zip(steps, steps[1:], strict=False):
            body_rows.append(i)
            body_cols.append(index[a] * n + index[b])
        end_rows.append(i)
        end_cols.append(index[path[-1]])
    shape = (len(paths), n * n)
    body = csr_matrix((np.ones(len(body_rows)), (body_rows, body_cols)), shape=shape)
    last = csr_matrix((np.ones(len(end_rows)), (end_rows, end_cols)), shape=(len(paths), n))
    samples: dict[str, list[float]] = defaultdict(list)
    for _ in range(replicates):
        cw = rng.poisson(conv).astype(float)
        lw = rng.poisson(lost).astype(float)
        counts = (body.T @ (cw + lw)).reshape(n, n)
        counts[:, index[CONVERSION]] += last.T @ cw
        counts[:, index[NULL]] += last.T @ lw
        base = conversion_probability(counts)
        effects = {c: (1 - conversion_probability(counts, removed=index[c]) / base) if base > 0 else 0.0
                   for c in channels}
        total = sum(effects.values())
        for c in channels:
            samples[c].append(effects[c] / total * cw.sum() if total > 0 else 0.0)
    return {c: (float(np.percentile(v, 5)), float(np.percentile(v, 95))) for c, v in samples.items()}
