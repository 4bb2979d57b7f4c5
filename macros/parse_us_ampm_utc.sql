{% macro parse_us_ampm_utc(column) -%}
    {{ return(adapter.dispatch('parse_us_ampm_utc', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__parse_us_ampm_utc(column) -%}
    {#- `MM/DD/YYYY hh:mm:ss AM/PM` in UTC -> timestamp; NULL when unparseable. -#}
    try_strptime(trim({{ column }}), '%m/%d/%Y %I:%M:%S %p')
{%- endmacro %}
