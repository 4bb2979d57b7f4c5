{% macro held_cte() -%}
    {{ return(adapter.dispatch('held_cte', 'customer_journey')()) }}
{%- endmacro %}

{% macro default__held_cte() -%}
    {#- Nothing: an engine without the hint decides alone. -#}
{%- endmacro %}

{% macro duckdb__held_cte() -%}
    {#- Written after a CTE's `as`: DuckDB computes the CTE once, first, and holds its result. For
        the small set of units an incremental run rebuilds, which many parts of the query filter
        by: computed inside the query, the hash tables that find the units stay pinned while the
        rest runs (int_journeys' incremental run at 1M people ran out of a 2 GB limit; held, it
        took 14 s). -#}
    materialized
{%- endmacro %}
