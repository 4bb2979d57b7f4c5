{% macro read_raw_file(path_without_extension, file_format) -%}
    {{ return(adapter.dispatch('read_raw_file', 'customer_journey')(path_without_extension, file_format)) }}
{%- endmacro %}

{% macro default__read_raw_file(path_without_extension, file_format) -%}
    {#- DuckDB: read the file as all-text rows, numbered with their line in the file. -#}
    {%- if file_format == 'parquet' -%}
        {#- typed Parquet columns are turned back into text, so staging validates them alike;
            _line_number is the row's ordinal + 1, as if the file had a header line -#}
        (select columns(*)::varchar, row_number() over () + 1 as _line_number
         from read_parquet('{{ path_without_extension }}.parquet'))
    {%- else -%}
        {{ number_lines("read_csv('" ~ path_without_extension ~ ".csv', header = true, all_varchar = true,
                       delim = ',', quote = '\"', escape = '\"', strict_mode = true,
                       null_padding = false, auto_detect = true)") }}
    {%- endif -%}
{%- endmacro %}
