{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Schemas are named exactly as configured (raw, staging, intermediate, marts, audit). -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
