{% macro one_thread(on) -%}
    {{ return(adapter.dispatch('one_thread', 'customer_journey')(on)) }}
{%- endmacro %}

{% macro default__one_thread(on) -%}
    {#- A hook for engines that run a query on several threads in one process; elsewhere nothing. -#}
{%- endmacro %}

{% macro duckdb__one_thread(on) -%}
    {#- A hook: a model whose parts each fit the memory limit alone runs them one after the other
        (pre-hook `one_thread(true)`, post-hook `one_thread(false)`, which gives DuckDB back its
        default, a thread per core; nothing else sets it). With two threads DuckDB runs a union's
        branches side by side, each holding its hash tables: at 1M people
        int_identity_observations (web logins folded per client, beside ten other sources) ran out
        of a 2.4 GB limit after 36 s on one run and passed on another. -#}
    {%- if on %}set threads = 1{% else %}reset threads{% endif -%}
{%- endmacro %}
