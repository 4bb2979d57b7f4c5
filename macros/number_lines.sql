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
        inside the records before it in its delivery are added. They are counted as the file is
        read, by a running sum over the raw view in its order (a streaming window: nothing is
        held), less the line breaks of the deliveries before it, summed from the few records that
        hold one (the raw view streams its deliveries one after the other, in index order). This
        costs a second reading of the raw view, for the few records with a line break. An ASOF
        join with those records (the previous way) sorted every record of the file first unless
        it found none: at 100k people DuckDB 1.5 held 1.3 GB for raw_email_activity, which has
        none (DuckDB 1.4 skipped the join; the running sum: 3.7 s and 0.27 GB on both). A Parquet
        delivery has no lines: _line_number is the row's ordinal + 1, as if the file had a header
        line. A dbt unit test's fixture (compiled without the graph) is one file in its given
        order, numbered by row_number() over () and materialized, so that both readings see the
        same numbers. -#}
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
        delivery_breaks as (

            -- the line breaks inside the records of each delivery that has any, and inside those
            -- of the deliveries before it
            select
                _delivery_index,
                coalesce(sum(line_breaks) over (
                    order by _delivery_index rows between unbounded preceding and 1 preceding
                ), 0) as breaks_before_delivery
            from (
                select
                    _delivery_index,
                    sum(
                        length(concat_ws('', *{{ text_columns }}))
                        - length(replace(concat_ws('', *{{ text_columns }}), chr(10), ''))
                    ) as line_breaks
                from {{ numbered_records }}
                where contains(concat_ws('', *{{ text_columns }}), chr(10))
                group by _delivery_index
            )

        ),

        counted_records as (

            -- the line breaks inside every record before this one, in the raw view's order
            select
                * exclude (record_breaks),
                sum(record_breaks) over (rows between unbounded preceding and current row)
                - record_breaks as breaks_before
            from (
                select
                    *,
                    coalesce(
                        length(concat_ws('', *{{ text_columns }}))
                        - length(replace(concat_ws('', *{{ text_columns }}), chr(10), '')),
                        0
                    ) as record_breaks
                from {{ numbered_records }}
            )

        )

        select
            counted_records.* exclude (_delivery_index, _file_record, breaks_before),
            cast(
                cast(counted_records._delivery_index as bigint) * 10000000000
                + 1 + counted_records._file_record
                + coalesce(counted_records.breaks_before - delivery_breaks.breaks_before_delivery, 0)
                as bigint
            ) as _line_number
        from counted_records
        left join delivery_breaks on counted_records._delivery_index = delivery_breaks._delivery_index
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
