{% macro one_thread(on) -%}
    {{ return(adapter.dispatch('one_thread', 'customer_journey')(on)) }}
{%- endmacro %}

{% macro default__one_thread(on) -%}
    {#- A hook for engines that run a query on several threads in one process; elsewhere nothing. -#}
{%- endmacro %}

{% macro duckdb__one_thread(on) -%}
    {#- A hook: a model whose parts each fit the memory limit alone runs them one after the other
        (pre-hook `one_thread(true)`, post-hook `one_thread(false)`, which gives DuckDB back its
        default, a thread per core; nothing else sets it). With two threads DuckDB runs a query's
        parts side by side, each holding its hash tables: at 1M people the rule-based credits, the
        journeys and their steps, the customers' touch summary and profiles run on one thread (README,
        Memory at scale). -#}
    {%- if on %}set threads = 1{% else %}reset threads{% endif -%}
{%- endmacro %}
