{% macro create_raw_views() -%}
    {{ return(adapter.dispatch('create_raw_views', 'customer_journey')()) }}
{%- endmacro %}

{% macro default__create_raw_views() -%}
    {#- on-run-start (after create_state_tables): every enabled source of the registry becomes a
        view `raw.<table>` over its delivered files, every column text (staging types and validates
        them, so one bad value cannot fail a load), plus `_delivery_index` (the delivery's place in
        the delivered order), `_delivery_day` (the date its folder is named by; NULL for a single
        delivery, whose date is the build's, delivery_date), `_file_record` (the record's ordinal in its file) and
        `_breaks_before` (the line breaks inside the quoted values of the file's records before it),
        which number_lines turns into the file's line. Both are running windows over the file as
        it is read (no partition, no order: DuckDB streams them in the file's order, on one
        thread, in little memory); a CSV file's record holds a line break only in a quoted value,
        so the count looks into a record only when its values hold one. The files are read in
        place, never through dbt seed, so they can be any size.
        Where they are is the environment's CJW_RAW_DIR (default: the demo world in seeds/raw),
        either one delivery (<table>.csv in the folder) or a folder of dated deliveries
        (YYYY-MM-DD..., each holding some of the files; read in name order, all of them, the same
        key's rows deduplicated across them by staging). `cjw build` lists the files it checked in
        history.delivery_files (CJW_DELIVERIES_LISTED=1, leaving out a delivery that repeats one
        already loaded); plain dbt build lists them here from the folder.
        CJW_RAW_FORMAT=parquet reads <table>.parquet instead of <table>.csv. The read_csv options
        (the contract: UTF-8, comma, RFC 4180 quotes, a header) are written here and nowhere else.
        A source the organisation does not have (var using_<source> false) becomes an empty view
        with the registry's columns: every model downstream builds, with no rows from it. -#}
    {%- set raw_dir = ((env_var('CJW_RAW_DIR', '') | trim) or 'seeds/raw') | replace("'", "''") -%}
    {%- set parquet = env_var('CJW_RAW_FORMAT', 'csv') == 'parquet' -%}
    {%- set extension = 'parquet' if parquet else 'csv' -%}
    {%- set statements = ['create schema if not exists raw'] -%}
    {%- if execute -%}
        {#- the state tables first: dbt may render every hook before it runs the first -#}
        {%- do run_query(create_state_tables()) -%}
        {%- if env_var('CJW_DELIVERIES_LISTED', '') != '1' -%}
            {%- do run_query(delivery_files_sql(raw_dir, extension)) -%}
        {%- endif -%}
        {%- set listed = run_query("select table_name, delivery_index, file_path, "
            ~ "try_strptime(delivery[:10], '%Y-%m-%d')::date::varchar from history.delivery_files "
            ~ "where load_status = 'loaded' order by table_name, delivery_index") -%}
        {%- set files = {} -%}
        {%- for row in listed.rows -%}
            {%- do files.setdefault(row[0], []).append([row[1], row[2] | replace("'", "''"), row[3]]) -%}
        {%- endfor -%}
        {%- for node in graph.sources.values() if node.package_name == project_name and not node.meta.get('warehouse_state') -%}
            {%- set empty = [] -%}
            {%- for column in node.columns -%}
                {%- do empty.append('cast(null as varchar) as ' ~ column) -%}
            {%- endfor -%}
            {%- set branches = [] -%}
            {%- if not var(node.meta.get('using_var', 'using_' ~ node.source_name), true) -%}
                {%- do branches.append('select ' ~ empty | join(', ')
                    ~ ', 0 as _delivery_index, cast(null as date) as _delivery_day, cast(0 as bigint) as _file_record, '
                    ~ 'cast(0 as bigint) as _breaks_before '
                    ~ 'where false') -%}
            {%- else -%}
                {#- a file nobody delivered: the single folder's path, so the error names it -#}
                {%- for index, path, day in files.get(node.identifier, [[0, raw_dir ~ '/' ~ node.identifier ~ '.' ~ extension, none]]) -%}
                    {%- if parquet -%}
                        {%- set reader = "read_parquet('" ~ path ~ "')" -%}
                        {%- set columns = 'columns(*)::varchar' -%}
                        {%- set breaks_before = 'cast(0 as bigint)' -%}
                    {%- else -%}
                        {%- set reader = "read_csv('" ~ path ~ "', header = true, all_varchar = true, "
                            ~ "delim = ',', quote = '\"', escape = '\"', strict_mode = true, null_padding = false, "
                            ~ "auto_detect = true)" -%}
                        {%- set columns = '*' -%}
                        {%- set breaks_before = running_line_breaks("*columns(*)") -%}
                    {%- endif -%}
                    {%- do branches.append('select ' ~ columns ~ ', ' ~ index ~ ' as _delivery_index, '
                        ~ ("date '" ~ day ~ "'" if day else 'cast(null as date)') ~ ' as _delivery_day, '
                        ~ 'row_number() over () as _file_record, ' ~ breaks_before ~ ' as _breaks_before from '
                        ~ reader) -%}
                {%- endfor -%}
            {%- endif -%}
            {%- do statements.append('create or replace view raw.' ~ node.identifier ~ ' as '
                ~ branches | join('\nunion all by name\n')) -%}
        {%- endfor -%}
        {%- do statements.append(registry_table_sql()) -%}
    {%- endif -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}


{% macro delivery_files_sql(raw_dir, extension) -%}
    {#- The delivered files of CJW_RAW_DIR, as history.delivery_files (what plain dbt build reads;
        cjw build writes the table itself, with checksums and row counts): the folder's own
        <table> files when it holds any (one delivery, named ''), else those of its dated
        subfolders (YYYY-MM-DD...), each subfolder a delivery, numbered in name order. -#}
    create or replace table history.delivery_files as
    with

    single_delivery as (

        select file from glob('{{ raw_dir }}/raw_*.{{ extension }}')

    ),

    dated_deliveries as (

        select file
        from glob('{{ raw_dir }}/*/raw_*.{{ extension }}')
        where
            not exists (select 1 from single_delivery)
            and regexp_matches(regexp_extract(file, '([^/]+)/[^/]+$', 1), '^[0-9]{4}-[0-9]{2}-[0-9]{2}')

    ),

    delivered as (

        select file, '' as delivery from single_delivery
        union all
        select file, regexp_extract(file, '([^/]+)/[^/]+$', 1) as delivery from dated_deliveries

    )

    select
        cast(dense_rank() over (order by delivery) - 1 as integer) as delivery_index,
        delivery,
        regexp_extract(file, '([^/]+)\.{{ extension }}$', 1) as table_name,
        file as file_path,
        cast(null as bigint) as file_bytes,
        cast(null as varchar) as file_sha256,
        cast(null as bigint) as data_rows,
        'loaded' as load_status,
        cast(null as varchar) as duplicate_of
    from delivered
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
