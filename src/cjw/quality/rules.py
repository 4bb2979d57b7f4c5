"""What the gate reads from the dbt project without Great Expectations: the project's vars and
the volume rule a delivery's row counts are judged by. The build reads them before the gate runs
(cjw.build), so they import nothing heavier than yaml."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path


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
