{% macro number_lines(rows) -%}
    {{ return(adapter.dispatch('number_lines', 'customer_journey')(rows)) }}
{%- endmacro %}

{% macro default__number_lines(rows) -%}
    {#- The rows of a raw view (create_raw_views: every column text, plus _delivery_index,
        _delivery_day and _file_record, the record's ordinal in its file) with `_line_number` in
        place of the index and the ordinal: the
        line where the record starts in its file (the header is line 1), plus the delivery's index
        times 10^10 (line_in_file and delivery_index_of take it apart), so that it is unique and in
        delivered order across the deliveries. One delivery is index 0: the file's line itself.
        A quoted value may hold line breaks, so a record can span several lines: the line breaks
        inside the records before it in its file are added. Only the few records that hold one are
        summed (an ASOF join), so this costs next to nothing on a file without any. A Parquet
        delivery has no lines: _line_number is the row's ordinal + 1, as if the file had a header
        line. A dbt unit test's fixture (compiled without the graph) is one file in its given
        order. The raw view is read twice, once for the few records that span lines and once for
        all: holding the whole file in a materialized CTE to read it once took twice the memory and
        more time (100k people, raw_email_activity: 465 MB and 9.8 s against 240 MB and 8.3 s).
        Only a unit test's fixture, numbered by row_number() over (), is materialized, so that both
        readings see the same numbers. -#}
    {%- set fixture = execute and not graph.get('sources') -%}
    {%- set records -%}
        {%- if fixture -%}
            (select columns(c -> c not in ('_delivery_index', '_delivery_day', '_file_record')), 0 as _delivery_index,
                cast(null as date) as _delivery_day, row_number() over () as _file_record from {{ rows }})
        {%- else -%}
            {{ rows }}
        {%- endif -%}
    {%- endset -%}
    {%- set text_columns = 'columns(* exclude (_delivery_index, _delivery_day, _file_record))' -%}
    {%- if env_var('CJW_RAW_FORMAT', 'csv') == 'parquet' -%}
    (
        select
            {{ text_columns }},
            _delivery_day,
            cast(cast(_delivery_index as bigint) * 10000000000 + _file_record + 1 as bigint) as _line_number
        from {{ records }}
    )
    {%- else -%}
    {%- set numbered_records = 'numbered_records' if fixture else records -%}
    (
        with {% if fixture -%}
        numbered_records as materialized (
            select * from {{ records }}
        ),

        {% endif -%}
        multiline_records as (
            select
                _delivery_index,
                _file_record,
                sum(
                    length(concat_ws('', *{{ text_columns }}))
                    - length(replace(concat_ws('', *{{ text_columns }}), chr(10), ''))
                ) over (partition by _delivery_index order by _file_record) as line_breaks_through
            from {{ numbered_records }}
            where contains(concat_ws('', *{{ text_columns }}), chr(10))
        )

        select
            numbered_records.* exclude (_delivery_index, _file_record),
            cast(
                cast(numbered_records._delivery_index as bigint) * 10000000000
                + 1 + numbered_records._file_record + coalesce(multiline_records.line_breaks_through, 0)
                as bigint
            ) as _line_number
        from {{ numbered_records }} as numbered_records
        asof left join multiline_records
            on
                numbered_records._delivery_index = multiline_records._delivery_index
                and numbered_records._file_record > multiline_records._file_record
    )
    {%- endif -%}
{%- endmacro %}

{% macro line_in_file(line_number) -%}
    {#- The line in its delivered file of a base model's _line_number (number_lines). -#}
    ({{ line_number }} % 10000000000)
{%- endmacro %}

{% macro delivery_index_of(line_number) -%}
    {#- The delivery (history.delivery_files.delivery_index) of a base model's _line_number. -#}
    cast({{ line_number }} // 10000000000 as integer)
{%- endmacro %}

{% macro changes_its_record(since) -%}
    {#- Whether a base model's line is new since delivery `since` (an index, or a scalar subquery
        giving one) and changed its record's staged line: stage_raw_rows decides a record again
        only when a new delivery brings a line of it, and then that line is staged (a new record,
        a newer version) or quarantined (a conflicting copy quarantines the current version too, or
        the line failed a check); a duplicate or superseded line leaves the staged line as it was
        (see deduplicate). How a day's build finds the records whose staged line changed without
        comparing every staged line with its table. -#}
    (dq_status in ('staged', 'quarantined') and {{ delivery_index_of('_line_number') }} > {{ since }})
{%- endmacro %}
