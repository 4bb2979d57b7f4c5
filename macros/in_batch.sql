{% macro in_batch(column, batch, batches) -%}
    {{ return(adapter.dispatch('in_batch', 'customer_journey')(column, batch, batches)) }}
{%- endmacro %}

{% macro default__in_batch(column, batch, batches) -%}
    {#- Whether a row's unit (`column`, e.g. a web client) falls in batch `batch` (from 0) of
        `batches`: by a hash of the unit, so each unit is in exactly one batch whatever the order
        of the rows. One batch: every row. -#}
    {%- if batches | int <= 1 -%}
        true
    {%- else -%}
        hash({{ column }}) % {{ batches | int }} = {{ batch | int }}
    {%- endif -%}
{%- endmacro %}
