{% macro create_raw_views() -%}
    {{ return(adapter.dispatch('create_raw_views', 'customer_journey')()) }}
{%- endmacro %}

{% macro default__create_raw_views() -%}
    {#- on-run-start: every enabled source of the registry becomes a view `raw.<table>` over its
        delivered file, every column text (staging types and validates them, so one bad value cannot
        fail a load). The files are read in place, never through dbt seed, so they can be any size.
        Where they are is the environment's CJW_RAW_DIR (default: the demo world in seeds/raw);
        CJW_RAW_FORMAT=parquet reads <table>.parquet instead of <table>.csv. The read_csv options
        (the contract: UTF-8, comma, RFC 4180 quotes, a header) are written here and nowhere else.
        A source the organisation does not have (var using_<source> false) becomes an empty view
        with the registry's columns: every model downstream builds, with no rows from it. -#}
    {%- set raw_dir = (env_var('CJW_RAW_DIR', '') | trim) or 'seeds/raw' -%}
    {%- set parquet = env_var('CJW_RAW_FORMAT', 'csv') == 'parquet' -%}
    {%- set statements = ['create schema if not exists raw'] -%}
    {%- if execute -%}
        {%- for node in graph.sources.values() if node.package_name == project_name and not node.meta.get('warehouse_state') -%}
            {%- set path = (raw_dir ~ '/' ~ node.identifier) | replace("'", "''") -%}
            {%- if not var(node.meta.get('using_var', 'using_' ~ node.source_name), true) -%}
                {%- set empty = [] -%}
                {%- for column in node.columns -%}
                    {%- do empty.append('cast(null as varchar) as ' ~ column) -%}
                {%- endfor -%}
                {%- set reader = 'select ' ~ empty | join(', ') ~ ' where false' -%}
            {%- elif parquet -%}
                {%- set reader = "select columns(*)::varchar from read_parquet('" ~ path ~ ".parquet')" -%}
            {%- else -%}
                {%- set reader = "select * from read_csv('" ~ path ~ ".csv', header = true, all_varchar = true, "
                    ~ "delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
                    ~ "auto_detect = true)" -%}
            {%- endif -%}
            {%- do statements.append('create or replace view raw.' ~ node.identifier ~ ' as ' ~ reader) -%}
        {%- endfor -%}
        {%- do statements.append(registry_table_sql()) -%}
    {%- endif -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}


{% macro registry_table_sql() -%}
    {#- The registry's columns as a table, raw.source_registry: dbt unit tests compile without the
        parsed graph, so source_table() reads the registry from here there (never edit it: the
        sources YAML is the registry; this is a copy made at the start of every run). -#}
    {%- set rows = [] -%}
    {%- for node in graph.sources.values() if node.package_name == project_name and not node.meta.get('warehouse_state') -%}
        {%- set key = node.meta.get('unique_key') or [node.meta.get('record_id')] -%}
        {%- for name, column in node.columns.items() -%}
            {%- set meta = column.meta -%}
            {%- do rows.append("('" ~ node.source_name ~ "', '" ~ node.name ~ "', '" ~ node.meta.get('record_id', '')
                ~ "', '" ~ key | join('|') ~ "', '" ~ (node.meta.get('version_column') or '') ~ "', "
                ~ loop.index ~ ", '" ~ name ~ "', '" ~ meta.get('kind', '') ~ "', "
                ~ (meta.get('required', false) | string | lower) ~ ", '" ~ (meta.get('values', []) | join('|')) ~ "')") -%}
        {%- endfor -%}
    {%- endfor -%}
    create or replace table raw.source_registry as
    select * from (values {{ rows | join(', ') }})
        as registry (source_name, table_name, record_id, unique_key, version_column, ordinal, column_name, kind,
                     is_required, enum_values)
{%- endmacro %}
