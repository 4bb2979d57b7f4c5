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

from cjw.markov import removal_effects

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
    weights = rng.poisson(counts, size=(replicates, len(paths))) / np.maximum(counts, 1)
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
    """paths: (channel path, converted journeys, lost journeys)."""
    rng = np.random.default_rng(seed + 1)
    conv = np.array([p[1] for p in paths], dtype=float)
    lost = np.array([p[2] for p in paths], dtype=float)
    conv_w = rng.poisson(conv, size=(replicates, len(paths)))
    lost_w = rng.poisson(lost, size=(replicates, len(paths)))
    samples: dict[str, list[float]] = defaultdict(list)
    channels = sorted({c for p in paths for c in p[0].split(" > ")})
    for r in range(replicates):
        result = removal_effects([(p[0].split(" > "), conv_w[r, i], lost_w[r, i]) for i, p in enumerate(paths)])
        credit = result.total_credit()
        for c in channels:
            samples[c].append(credit.get(c, 0.0))
    return {c: (float(np.percentile(v, 5)), float(np.percentile(v, 95))) for c, v in samples.items()}
