{% macro incremental_run() -%}
    {#- For every incremental model (the base models of stage_raw_rows, the models rebuilt unit by
        unit with strategy replace_units): sets full_refresh unless incremental_allowed(), and
        returns whether this run adds to the model's existing table. A unit test (no relation of
        its own: `this` is none) tests the whole build.
        A replace_units model whose table a day's build (incremental_allowed) does not find stops
        the build: built whole, it would not say which units it emptied (the models after it read
        that beside its table, named_units_of), and they would keep the rows of those units. The
        kept build lost a table: build again with a full build (`cjw build --full-refresh`). -#}
    {%- set allowed = incremental_allowed() -%}
    {{ config(full_refresh=not allowed) }}
    {%- if allowed and execute and this is not none and config.get('incremental_strategy') == 'replace_units'
          and load_relation(this) is none -%}
        {{ exceptions.raise_compiler_error(this ~ " is missing from the kept build that this day's build adds to:"
            ~ " the models after it could not tell which units it emptied. Build again with"
            ~ " `cjw build --full-refresh`.") }}
    {%- endif -%}
    {{ return(allowed and this is not none and is_incremental()) }}
{%- endmacro %}
