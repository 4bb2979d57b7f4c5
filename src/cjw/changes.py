"""Publish a day's changes: the BI file of a day's build as a copy of the previous one, with only
the rows the day changed written again in its largest tables.

The split (cjw.build.split) writes every table of the BI file anew. At 1M people that is 46M
attribution rows, 17M touchpoints, 22M funnel moments... 73-84 s of a day's build, though a day
changes a few per cent of them. When the build started from the kept build and the published BI
file is the one that kept build published (state.json records its size and modification time:
a file changed since is never reused), the split copies that file and, for each published
mart that says which model's rows it publishes, applies only what that model changed in this run:

- `meta: {rows_of: <model>}`: the mart's rows are the model's rows one for one (a projection,
  perhaps filtered); `meta: {rows_by_key_of: <model>}`: each of its rows derives from the model's
  rows of the same key alone (fct_attribution: five rows per rule-based credit row);
- the model is incremental with strategy replace_units, a merge_key the mart has under the same
  names, and keep_gone_rows. Every row such a run writes or leaves changed carries the run's
  marker (`_built_by` = the dbt invocation), and the rows it removed are kept beside it
  (`<model>__gone_rows`, stamped with the run in the table's comment). So the rows of the mart
  that change are those whose key the run marked or removed: they are deleted from the copy, and
  the mart's rows for the marked keys inserted.
- `written_whole_where: <condition>`: the mart's rows that hold are not derived by key and are
  replaced whole (fct_attribution's Markov credits, computed again at every build).

A model this run did not build (the fits a day keeps, tag refit) keeps its table of the previous
file as it is. Every other relation is written whole, as in a full split: the small marts, the reporting and
audit schemas, a mart whose model was built whole in this run (its gone rows do not carry this
run's stamp), a mart whose columns changed. The published tables hold the same rows either way
(the daily-deliveries tests compare every mart of the day-by-day builds with one build of the same
rows); the row order of a table differs, which no reader may rely on. The file's free blocks hold
what earlier publications of the BI file held, never anything from the build's other schemas.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Recipe:
    """How a published mart follows the rows of the model it publishes."""

    model: str  # the replace_units model (its relation in the build: schema, alias)
    schema: str
    alias: str
    key: tuple[str, ...]  # its merge_key, the mart's columns of the same names
    written_whole_where: str | None = None


def file_identity(path: Path) -> list[int]:
    """What says a published file is still the one a build published: its size and modification
    time (a copy that keeps both, as `cp -p` does, holds the same bytes)."""
    facts = os.stat(path)
    return [facts.st_size, facts.st_mtime_ns]


def recipes(manifest: dict) -> dict[tuple[str, str], Recipe]:
    """Per published relation (schema, alias) of the build (manifest: the run's manifest.json): how
    it follows its model's rows, for the marts whose meta says so and whose model keeps what each
    run changed (see the module)."""
    models = {node["name"]: node for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    found: dict[tuple[str, str], Recipe] = {}
    for node in models.values():
        meta = node["config"].get("meta") or {}
        source = models.get(meta.get("rows_of") or meta.get("rows_by_key_of") or "")
        if source is None:
            continue
        config = source["config"]
        key = config.get("merge_key")
        if (config.get("materialized") != "incremental" or config.get("incremental_strategy") != "replace_units"
                or not config.get("keep_gone_rows") or not isinstance(key, list) or not key):
            continue
        found[(node["schema"], node["alias"])] = Recipe(source["name"], source["schema"], source["alias"], tuple(key),
                                                        meta.get("written_whole_where"))
    return found


def not_built(manifest: dict, run_results: dict) -> set[tuple[str, str]]:
    """The tables (schema, alias) this run did not build (its manifest.json and run_results.json):
    the fits a day keeps (tag refit). They are the kept build's, which the previous BI file
    already holds. (A view this run did not build still reads its parents as they are now: not
    one of them.)"""
    ran = {r["unique_id"] for r in run_results["results"]}
    return {(node["schema"], node["alias"]) for uid, node in manifest["nodes"].items()
            if node["resource_type"] == "model" and uid not in ran
            and node["config"].get("materialized") in ("table", "incremental")}


def same_columns(con, out: str, out_schema: str, schema: str, table: str) -> bool:
    """Whether the previous BI file's table has the build relation's columns, names and types."""
    built = _columns(con, "build", schema, table)
    return bool(built) and _columns(con, out, out_schema, table) == built


def _columns(con, catalog: str, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute("select column_name, data_type from duckdb_columns() where database_name = ? "
                       "and schema_name = ? and table_name = ? order by column_index",
                       [catalog, schema, table]).fetchall()


def why_not(con, out: str, out_schema: str, schema: str, table: str, recipe: Recipe, invocation: str) -> str:
    """Why the mart cannot take only its changes (empty: it can)."""
    if not same_columns(con, out, out_schema, schema, table):
        return "its columns changed"
    if not set(recipe.key) <= {name for name, _ in _columns(con, "build", schema, table)}:
        return f"it lacks {recipe.model}'s key"
    if "_built_by" not in {name for name, _ in _columns(con, "build", recipe.schema, recipe.alias)}:
        return f"{recipe.model} has no run marker"
    stamp = con.execute("select comment from duckdb_tables() where database_name = 'build' and schema_name = ? "
                        "and table_name = ?", [recipe.schema, f"{recipe.alias}__gone_rows"]).fetchall()
    if not stamp or stamp[0][0] != f"gone rows of run {invocation}":
        return f"{recipe.model} was built whole in this run"
    return ""


def apply_changes(con, out: str, out_schema: str, schema: str, table: str, recipe: Recipe, invocation: str) -> int:
    """Delete the mart's rows whose key the model's run marked or removed (and the rows written
    whole), insert the build's rows for the marked keys (and those written whole). Returns the rows
    inserted."""
    keys = ", ".join(recipe.key)
    model = f'build.{recipe.schema}."{recipe.alias}"'
    gone = f'build.{recipe.schema}."{recipe.alias}__gone_rows"'
    mart = f'build.{schema}."{table}"'
    published = f'"{out}".{out_schema}."{table}"'
    con.execute(f"create or replace temporary table _written as select distinct {keys} from {model} "
                f"where _built_by = ?", [invocation])
    con.execute(f"create or replace temporary table _changed as select {keys} from _written union "
                f"select {keys} from {gone} where _built_by = ?", [invocation])
    on = " and ".join(f"rows.{k} = changed.{k}" for k in recipe.key)
    whole = recipe.written_whole_where
    con.execute(f"delete from {published} where rowid in (select rows.rowid from {published} as rows "
                f"semi join _changed as changed on {on})" + (f" or ({whole})" if whole else ""))
    derived = f"select rows.* from {mart} as rows semi join _written as changed on {on}"
    if whole:
        derived = f"{derived} where not ({whole}) union all select * from {mart} where {whole}"
    inserted = con.execute(f"insert into {published} {derived}").fetchone()[0]
    con.execute("drop table _written")
    con.execute("drop table _changed")
    return inserted


def reuse_previous(previous: Path, out: Path) -> None:
    """The copy of the previous BI file the changes are written into (writable, unlike it)."""
    shutil.copyfile(previous, out)
    out.chmod(0o600)


__all__ = ["Recipe", "apply_changes", "file_identity", "not_built", "recipes", "reuse_previous", "same_columns",
           "why_not"]
