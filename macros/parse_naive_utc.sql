{% macro parse_naive_utc(column) -%}
    {{ return(adapter.dispatch('parse_naive_utc', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__parse_naive_utc(column) -%}
    {#- `YYYY-MM-DD HH:MM:SS` already in UTC, no offset -> timestamp; NULL when unparseable. -#}
    try_strptime(trim({{ column }}), '%Y-%m-%d %H:%M:%S')
{%- endmacro %}
