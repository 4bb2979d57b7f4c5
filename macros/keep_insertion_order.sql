{% macro keep_insertion_order(keep) -%}
    {{ return(adapter.dispatch('keep_insertion_order', 'customer_journey')(keep)) }}
{%- endmacro %}

{% macro default__keep_insertion_order(keep) -%}
    {#- A hook: whether the engine must write a query's rows in their order. A model whose rows
        have no order that matters (every reader sorts with a unique tiebreaker) and that unions
        many large inputs turns it off in its pre-hook and back on in its post-hook: DuckDB
        otherwise buffers every branch that finishes before the ones ahead of it (1M people:
        int_identity_observations, 35.9M rows from eleven sources, ran out of a 2.4 GB limit, and
        passed without the order). It stays on everywhere else: the raw views number a file's
        records in their order (row_number() over ()). -#}
    set preserve_insertion_order = {{ 'true' if keep else 'false' }}
{%- endmacro %}
