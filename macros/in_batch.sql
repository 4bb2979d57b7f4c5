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

{% macro batch_count(relation, rows_per_batch, batches=none, where=none) -%}
    {#- How many batches (in_batch) a model makes of `relation` (a ref the model passes) so that
        each holds about `rows_per_batch` rows: its rows counted when the model runs (1 when it is
        compiled without a database, e.g. by sqlfluff, or when the relation does not exist yet);
        with `where`, only the rows that match it (an incremental run passes the condition that
        picks the rows it reads again, e.g. those its input wrote in the run). A window holds all
        its rows in memory, so a model whose windows are partitioned by a unit computes them batch
        by batch on a large delivery; every batch reads the whole relation again. `batches`, when
        given (a var a unit test or an engineer sets), is the answer instead. -#}
    {%- if batches is not none -%}
        {{ return(batches | int) }}
    {%- endif -%}
    {%- set batches = 1 -%}
    {%- if execute and this is not none and load_relation(relation) is not none -%}
        {%- set rows = run_query(
            'select count(*) from ' ~ relation ~ (' where ' ~ where if where else '')
        ).columns[0].values()[0] -%}
        {%- set batches = [1, (rows + rows_per_batch - 1) // rows_per_batch] | max -%}
    {%- endif -%}
    {{ return(batches) }}
{%- endmacro %}
