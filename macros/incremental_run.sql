{% macro incremental_run() -%}
    {#- For every incremental model (the base models of stage_raw_rows, the models rebuilt unit by
        unit with strategy replace_units): sets full_refresh unless incremental_allowed(), and
        returns whether this run adds to the model's existing table. A unit test (no relation of
        its own: `this` is none) tests the whole build. -#}
    {%- set allowed = incremental_allowed() -%}
    {{ config(full_refresh=not allowed) }}
    {{ return(allowed and this is not none and is_incremental()) }}
{%- endmacro %}
