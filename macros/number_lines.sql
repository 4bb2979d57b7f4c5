{% macro number_lines(rows) -%}
    {{ return(adapter.dispatch('number_lines', 'customer_journey')(rows)) }}
{%- endmacro %}

{% macro default__number_lines(rows) -%}
    {#- The rows of a CSV file (a relation whose scan order is the file's order, every column
        text) plus `_line_number`: the line where the record starts (the header is line 1). A
        quoted value may hold line breaks, so a record can span several lines: the line breaks
        inside the records before it are added. Only the few records that hold one are summed
        (an ASOF join), so this costs next to nothing on a file without any. A Parquet delivery
        has no lines: _line_number is the row's ordinal + 1, as if the file had a header line. -#}
    {%- if env_var('CJW_RAW_FORMAT', 'csv') == 'parquet' -%}
    (select *, row_number() over () + 1 as _line_number from {{ rows }})
    {%- else -%}
    (
        with numbered_records as materialized (
            select
                *,
                row_number() over () as _record_ordinal
            from {{ rows }}
        ),

        multiline_records as (
            select
                _record_ordinal,
                sum(
                    length(concat_ws('', *columns(* exclude (_record_ordinal))))
                    - length(replace(concat_ws('', *columns(* exclude (_record_ordinal))), chr(10), ''))
                ) over (order by _record_ordinal) as line_breaks_through
            from numbered_records
            where contains(concat_ws('', *columns(* exclude (_record_ordinal))), chr(10))
        )

        select
            numbered_records.* exclude (_record_ordinal),
            cast(1 + numbered_records._record_ordinal + coalesce(multiline_records.line_breaks_through, 0) as bigint)
                as _line_number
        from numbered_records
        asof left join multiline_records
            on numbered_records._record_ordinal > multiline_records._record_ordinal
    )
    {%- endif -%}
{%- endmacro %}
