{% macro raw_passthrough(columns) -%}
    {#- Keeps the raw text of every column under a raw__ prefix, for the quarantine's raw_row. -#}
    {%- for column in columns %}
        {{ column }} as raw__{{ column }},
    {%- endfor %}
{%- endmacro %}
