{% macro incremental_allowed() -%}
    {#- Whether this run may add to the tables of the previous build: only a `cjw build` that
        started from the kept build after checking that the deliveries only grew sets
        CJW_INCREMENTAL=1. Anything else (plain `dbt build`, a changed world) builds every
        incremental model whole, so a stale table is never added to. -#}
    {{ return(env_var('CJW_INCREMENTAL', '') == '1') }}
{%- endmacro %}
