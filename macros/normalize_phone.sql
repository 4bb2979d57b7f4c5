{% macro normalize_phone(column, default_region="'US'") -%}
    {#- E.164 through libphonenumber (the cjw_phone_e164 function the project's dbt-duckdb plugin
        registers, see src/cjw/duckdb_plugin.py). default_region: an SQL expression, e.g. the
        record's country; national formats are read in that region, else US. NULL when impossible. -#}
    cjw_phone_e164({{ column }}, {{ default_region }})
{%- endmacro %}
