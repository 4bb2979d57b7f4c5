{% macro get_incremental_replace_units_sql(arg_dict) -%}
    {#- Incremental strategy replace_units (config unit_key, row_key): every unit (e.g. a web
        client) the new rows name loses all its old rows and gets the new ones. A unit left with
        nothing (all its records gone) is named by a row whose row_key is NULL: its old rows are
        deleted and that row is not inserted. -#}
    {%- if not config.get('unit_key') or not config.get('row_key') -%}
        {{ exceptions.raise_compiler_error(this ~ ": incremental_strategy replace_units needs config unit_key and row_key") }}
    {%- endif -%}
    {{ return(adapter.dispatch('replace_units_sql', 'customer_journey')(
        arg_dict['target_relation'], arg_dict['temp_relation'], config.get('unit_key'), config.get('row_key'),
        arg_dict['dest_columns'])) }}
{%- endmacro %}

{% macro default__replace_units_sql(target, source, unit_key, row_key, dest_columns) -%}
    {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')) -%}
    delete from {{ target }}
    where {{ unit_key }} in (select {{ unit_key }} from {{ source }});

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }}
    where {{ row_key }} is not null
{%- endmacro %}

{% macro duckdb__replace_units_sql(target, source, unit_key, row_key, dest_columns) -%}
    {#- DuckDB: delete + insert, or, where the delete would leave at least
        var('replace_units_rewrite_mb') MB of delete marks, the table written anew: its kept rows
        and then the new ones (env CJW_REPLACE_UNITS_REWRITE_MB overrides the var; 0: always
        anew). Unset, the default: always anew (0) when the build's memory is bounded (env
        CJW_MEMORY_LIMIT, cjw build --memory-limit), else always delete.
        DuckDB 1.4 materialises an array of deleted row ids (16 KiB) for every 2,048-row vector
        that loses a row, outside its memory limit, and holds it for the life of the process
        (a later process loads it again when it reads the table) until the row group is rewritten.
        The units an incremental run names lie all over its large tables, so nearly every vector
        loses a row: at 1M people a day's build held 2.2 GB more than the history's. Writing a
        table anew costs several times the delete (20M rows: 12.4 s against 1.0 s; at 100k people
        the day's replace_units models 71 s against 34 s), so it is the default only where memory
        comes first: at 1M people under a 4 GB limit, a day that deleted held 6.3 GB, one that
        wrote every table anew 4.6 GB. When on, the named units go to a
        temporary table first: the count of the vectors they lie in and the anti join build on
        them, never on the table. -#}
    {%- set configured = var('replace_units_rewrite_mb', none) -%}
    {%- set bounded_default = '0' if env_var('CJW_MEMORY_LIMIT', '') else '' -%}
    {%- set limit_mb = env_var('CJW_REPLACE_UNITS_REWRITE_MB',
        bounded_default if configured is none else configured | string) -%}
    {%- if limit_mb == '' -%}
        {{ default__replace_units_sql(target, source, unit_key, row_key, dest_columns) }}
    {%- else -%}
        {%- set columns = get_quoted_csv(dest_columns | map(attribute='name')) -%}
        {%- set named = adapter.quote(target.identifier ~ '__named_units') -%}
        {%- call statement('replace_units_named') -%}
            create or replace temporary table {{ named }} as
            select distinct {{ unit_key }} from {{ source }}
        {%- endcall -%}
        {%- set marked = run_query(
            'select count(distinct kept.rowid // 2048) from ' ~ target ~ ' as kept semi join ' ~ named
            ~ ' as named on kept.' ~ unit_key ~ ' = named.' ~ unit_key
        ).columns[0].values()[0] -%}
        {%- set marks_mb = (marked | int) * 16 / 1024 -%}
        {%- set anew = marks_mb >= (limit_mb | float) -%}
        {%- do log(this ~ ': the named units lie in ' ~ marked ~ ' vectors (' ~ (marks_mb | round(1))
            ~ ' MB of delete marks): ' ~ ('written anew' if anew else 'delete + insert'), info=true) -%}
        {%- if anew -%}
            {%- set rewritten = target.incorporate(path={'identifier': target.identifier ~ '__rewritten'}) -%}
            create or replace table {{ rewritten }} as
            select {{ columns }}
            from {{ target }} as kept
            anti join {{ named }} as named on kept.{{ unit_key }} = named.{{ unit_key }};

            insert into {{ rewritten }} ({{ columns }})
            select {{ columns }}
            from {{ source }}
            where {{ row_key }} is not null;

            drop table {{ target }};

            alter table {{ rewritten }} rename to {{ adapter.quote(target.identifier) }};
        {%- else -%}
            {{ default__replace_units_sql(target, source, unit_key, row_key, dest_columns) }};
        {%- endif %}

        drop table {{ named }}
    {%- endif -%}
{%- endmacro %}
