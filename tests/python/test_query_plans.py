"""The models' query plans on the built test world: no nested-loop join of two relations that grow
with the data.

A join DuckDB cannot hash (its condition holds no plain equality of the two sides, e.g. an
equality ANDed with a condition on one side alone in a LEFT JOIN's ON) becomes a nested-loop join,
which compares every row of one side with every row of the other. On the test world such a join
takes milliseconds; at 1M people `int_text_sentiment` joined 1.16M texts to 230k text bodies that
way and stalled the benchmark's build. A nested-loop join against a small relation (a seed of
funnel steps or themes, one row of bounds) is fine and common here, so the rule is on the sizes
DuckDB estimates: both sides of a nested-loop join at MAX_SMALL_SIDE rows or more fail.
"""

from __future__ import annotations

import json

import duckdb

from cjw.duckdb_plugin import register

# the largest estimated side a nested-loop join may have: the test world's seeds and small CTEs
# (a few hundred rows at most, e.g. 217 x 108 in int_touchpoints_identified), well below its
# tables of texts, touchpoints or events (thousands)
MAX_SMALL_SIDE = 1000
NESTED_LOOPS = {"BLOCKWISE_NL_JOIN", "NESTED_LOOP_JOIN"}


def estimate(node: dict) -> int:
    """DuckDB's estimated rows of a plan node (0 where it gives none)."""
    value = str(node.get("extra_info", {}).get("Estimated Cardinality", "0"))
    digits = "".join(ch for ch in value if ch.isdigit())
    return int(digits or 0)


def nested_loop_sides(node: dict) -> list[list[int]]:
    """The estimated sizes of the two sides of every nested-loop join under `node`."""
    found = []
    if node.get("name") in NESTED_LOOPS:
        found.append([estimate(child) for child in node.get("children", [])])
    for child in node.get("children", []):
        found.extend(nested_loop_sides(child))
    return found


def test_the_rule_finds_a_nested_loop_join_of_two_large_sides():
    """A LEFT JOIN on an equality ANDed with a condition on the left side alone is planned as a
    nested loop (the planted shape of the int_text_sentiment mistake); on the equality alone it is
    hashed."""
    with duckdb.connect() as con:
        con.execute("create table texts as select range as id, 'kind' || (range % 3) as kind, "
                    "'body' || (range % 1500) as body from range(5000)")
        con.execute("create table bodies as select distinct body, 0.5 as score from texts")
        nested = ("select texts.id, bodies.score from texts left join bodies "
                  "on texts.kind != 'kind0' and texts.body = bodies.body")
        hashed = "select texts.id, bodies.score from texts left join bodies on texts.body = bodies.body"
        sides = [side for plan in json.loads(con.execute(f"explain (format json) {nested}").fetchone()[1])
                 for side in nested_loop_sides(plan)]
        assert sides and min(sides[0]) >= MAX_SMALL_SIDE, sides
        assert not [side for plan in json.loads(con.execute(f"explain (format json) {hashed}").fetchone()[1])
                    for side in nested_loop_sides(plan)]


def test_no_model_joins_two_large_relations_in_a_nested_loop(built_world):
    """Every SQL model of the build, explained on the built test world (its compiled code, as the
    kept build's run_results.json holds it)."""
    results = json.loads((built_world.full.parent / "run_results.json").read_text(encoding="utf-8"))["results"]
    explained, offending = 0, []
    with duckdb.connect(str(built_world.full), read_only=True) as con:
        register(con)  # cjw_phone_e164, as every dbt connection has it (cjw.duckdb_plugin)
        for result in results:
            code = result.get("compiled_code") or ""
            if not result["unique_id"].startswith("model.") or not code.strip() or "def model(" in code:
                continue
            plans = json.loads(con.execute(f"explain (format json) {code}").fetchone()[1])
            explained += 1
            for plan in plans:
                for sides in nested_loop_sides(plan):
                    if len(sides) == 2 and min(sides) >= MAX_SMALL_SIDE:
                        offending.append((result["unique_id"], sides))
    assert explained > 100, explained
    assert not offending, offending

