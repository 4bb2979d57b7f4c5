{% macro number_lines(rows) -%}
    {{ return(adapter.dispatch('number_lines', 'customer_journey')(rows)) }}
{%- endmacro %}

{% macro default__number_lines(rows) -%}
    {#- The rows of a raw view (create_raw_views: every column text, plus _delivery_index,
        _delivery_day, _file_record, the record's ordinal in its file, and _breaks_before, the line
        breaks inside the values of the file's records before it) with `_line_number` in place of
        the index, the ordinal and the breaks: the line where the record starts in its file (the
        header is line 1), plus the delivery's index times 10^10 (line_in_file and
        delivery_index_of take it apart), so that it is unique and in delivered order across the
        deliveries. One delivery is index 0: the file's line itself. A quoted value may hold line
        breaks, so a record can span several lines: the line breaks inside the records before it
        in its file are added. A Parquet delivery has no lines: its raw view's _breaks_before is 0,
        so _line_number is the row's ordinal + 1, as if the file had a header line. A dbt unit
        test's fixture (compiled without the graph) is one file in its given order, numbered here
        as create_raw_views numbers a file.
        The raw view is read once. Before, the records holding a line break were found in a second
        reading and their running sum joined to every record (an ASOF join): DuckDB 1.5 sorts every
        record of the file for that join even when no record holds a break (1M people,
        raw_web_events: 38.7 s and 2.6 GB, against 17.5 s and 0.17 GB on DuckDB 1.4.4; the
        running sum in the raw view: 15.4 s and 0.14 GB on 1.5.6, the same line numbers). -#}
    {%- set own_columns = "('_delivery_index', '_delivery_day', '_file_record', '_breaks_before')" -%}
    {%- if execute and not graph.get('sources') -%}
        {%- set records -%}
            (select *, 0 as _delivery_index, cast(null as date) as _delivery_day,
                row_number() over () as _file_record, {{ running_line_breaks('*columns(*)') }} as _breaks_before
            from (select columns(lambda c: c not in {{ own_columns }}) from {{ rows }}))
        {%- endset -%}
    {%- else -%}
        {%- set records = rows -%}
    {%- endif -%}
    (
        select
            * exclude (_delivery_index, _file_record, _breaks_before),
            cast(
                cast(_delivery_index as bigint) * 10000000000 + 1 + _file_record + _breaks_before as bigint
            ) as _line_number
        from {{ records }}
    )
{%- endmacro %}

{% macro running_line_breaks(values) -%}
    {#- The line breaks inside the values of the records read before this one (`values` unpacks a
        record's text columns): a running window over the rows in the order they are read, for
        create_raw_views and number_lines' fixtures. Only a record whose values hold a break is
        counted (a quick test first: nearly none does). -#}
    {%- set joined = "concat_ws('', " ~ values ~ ")" -%}
    {%- set breaks = 'case when contains(' ~ joined ~ ', chr(10)) then length(' ~ joined ~ ') - length(replace('
        ~ joined ~ ", chr(10), '')) else 0 end" -%}
    cast(sum({{ breaks }}) over (rows between unbounded preceding and current row) - {{ breaks }} as bigint)
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
