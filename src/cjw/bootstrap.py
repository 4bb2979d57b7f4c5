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


# replicates drawn at a time: the draws equal those of the whole (replicates x paths) matrix at
# once (the generator fills it row by row), without its integer and float temporaries
CHUNK = 10


def rule_based_intervals(key_index: np.ndarray, path_index: np.ndarray, credits: np.ndarray,
                         journeys: np.ndarray, n_keys: int, n_paths: int, replicates: int = REPLICATES,
                         seed: int = SEED) -> np.ndarray:
    """One entry per (key = model and channel, path): the key's index, the path's index (paths
    numbered in sorted order), the credit summed over the path's journeys, the path's journeys.
    Returns the (low, high) bound per key, an (n_keys, 2) array. Arrays rather than Python rows:
    at 1M people there are millions of entries."""
    rng = np.random.default_rng(seed)
    counts = np.zeros(n_paths)
    counts[path_index] = journeys
    scale = np.maximum(counts, 1)
    # the weights as float32, held as float64 (what a float32 matrix times a float64 vector
    # computes on): the same numbers, one copy
    weights = np.empty((replicates, n_paths))
    for start in range(0, replicates, CHUNK):
        size = min(CHUNK, replicates - start)
        weights[start:start + size] = (rng.poisson(counts, size=(size, n_paths)) / scale).astype(np.float32)
    bounds = np.zeros((n_keys, 2))
    for key in range(n_keys):
        mine = key_index == key
        vec = np.zeros(n_paths)
        vec[path_index[mine]] = credits[mine]  # one entry per (key, path): nothing to add up
        totals = weights @ vec
        bounds[key] = (float(np.percentile(totals, 5)), float(np.percentile(totals, 95)))
    return bounds


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
