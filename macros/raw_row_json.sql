{% macro raw_row_json(columns, prefix='') -%}
    {#- The raw row's text values as a JSON object (for audit.quarantine.raw_row). -#}
    cast(json_object(
    {%- for column in columns %}
        '{{ column }}', {{ prefix }}{{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
    ) as varchar)
{%- endmacro %}
