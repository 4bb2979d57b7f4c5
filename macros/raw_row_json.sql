{% macro raw_row_json(columns, prefix='', registry=none) -%}
    {#- The raw row's text values as a JSON object (audit.quarantine.raw_row). registry: the
        source_table() entry; when given, the values of columns the registry marks `personal` are
        masked (mask_value), so the raw row can be published; without it they are kept as delivered
        (the restricted file's copy). -#}
    cast(json_object(
    {%- for column in columns %}
        {%- set meta = registry.columns[column].meta if registry and column in registry.columns else {} %}
        '{{ column }}', {{ mask_value(prefix ~ column, meta.get('kind')) if meta.get('personal') else prefix ~ column }}
        {{- ',' if not loop.last }}
    {%- endfor %}
    ) as varchar)
{%- endmacro %}
