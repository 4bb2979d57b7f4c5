{% macro raw_rows(file_name) -%}
    {#-
        The rows of one raw export, every column as text, plus `_line_number` (the line in the
        file where the record starts; the header is line 1). Where they come from is chosen by
        CJW_RAW_DIR:
        - empty (default): the committed demo seed `raw.<file_name>` (loaded as text by dbt seed;
          ref(), not source(), so that one `dbt build` loads the seeds before the models read them);
        - a directory: `<dir>/<file_name>.csv` read as a file (any size, never through dbt seed),
          or `<dir>/<file_name>.parquet` when CJW_RAW_FORMAT=parquet.
        Columns are later selected by name, so their order in the file does not matter.
    -#}
    {%- set raw_dir = env_var('CJW_RAW_DIR', '') | trim -%}
    {%- if raw_dir == '' -%}
        {{ number_lines(ref(file_name)) }}
    {%- else -%}
        {{ read_raw_file(raw_dir ~ '/' ~ file_name, env_var('CJW_RAW_FORMAT', 'csv')) }}
    {%- endif -%}
{%- endmacro %}
