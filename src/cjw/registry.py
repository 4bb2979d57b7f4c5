"""The source registry, read from where it is written: the dbt sources YAML of every source folder
(models/staging/<source>/_<source>__sources.yml).

The raw contract is written there once: each raw export's columns in order, its record id, its
unique key and version column, and per column its kind, format, whether it is required, its enum
values and whether it holds personal data. dbt reads it through `source()` and the parsed graph;
this module gives the same registry to the pre-flight check, the quality gate and the generator.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[2]
MODELS_DIR = PROJECT_DIR / "models"


@dataclass(frozen=True)
class Column:
    name: str
    description: str = ""
    kind: str = "text"
    format: str | None = None
    required: bool = False
    values: tuple[str, ...] = ()
    personal: bool = False


@dataclass(frozen=True)
class RawFile:
    """One raw export: `name` is its file name without extension (raw_orders), `source` its dbt
    source (commerce); a source is disabled with the dbt var `using_var` (e.g. using_commerce)."""

    name: str
    source: str
    record_id: str
    unique_key: tuple[str, ...]
    version_column: str | None
    using_var: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    event_time: str | None = None  # the column that says when the record happened (meta.event_time)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def enums(self) -> dict[str, list[str]]:
        return {c.name: list(c.values) for c in self.columns if c.kind == "enum"}


@functools.cache
def raw_files(models_dir: Path = MODELS_DIR) -> dict[str, RawFile]:
    """Every raw export of the registry, in the input contract's order (meta.contract_position)."""
    found: dict[str, tuple[int, RawFile]] = {}
    for path in sorted(models_dir.glob("staging/*/_*__sources.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for source in document.get("sources", []):
            for table in source.get("tables", []):
                meta = table.get("meta", {})
                if meta.get("warehouse_state"):
                    continue  # what the previous publication knew, not a raw export
                columns = tuple(
                    Column(c["name"], c.get("description", ""), c.get("meta", {}).get("kind", "text"),
                           c.get("meta", {}).get("format"), bool(c.get("meta", {}).get("required", False)),
                           tuple(str(v) for v in c.get("meta", {}).get("values", [])),
                           bool(c.get("meta", {}).get("personal", False)))
                    for c in table.get("columns", []))
                key = tuple(meta.get("unique_key", [meta["record_id"]]))
                found[table["name"]] = (meta.get("contract_position", 0), RawFile(
                    table["name"], source["name"], meta["record_id"], key, meta.get("version_column"),
                    meta.get("using_var", f"using_{source['name']}"), columns,
                    (meta.get("event_time") or {}).get("column")))
    return {name: f for name, (_, f) in sorted(found.items(), key=lambda kv: kv[1][0])}


def enabled_files(disabled_sources: set[str] | frozenset[str] = frozenset()) -> dict[str, RawFile]:
    """The raw exports of the sources not disabled (by source name, e.g. {"social", "direct_mail"})."""
    return {name: f for name, f in raw_files().items() if f.source not in disabled_sources}


# the registry as plain mappings, for code that only needs names
RAW_FILES: dict[str, list[str]] = {name: f.column_names for name, f in raw_files().items()}
RECORD_ID: dict[str, str] = {name: f.record_id for name, f in raw_files().items()}
