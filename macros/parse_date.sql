{% macro parse_date(column) -%}
    {{ return(adapter.dispatch('parse_date', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__parse_date(column) -%}
    {#- `YYYY-MM-DD` -> date; NULL when unparseable or not a real calendar day. -#}
    cast(try_strptime(trim({{ column }}), '%Y-%m-%d') as date)
{%- endmacro %}
