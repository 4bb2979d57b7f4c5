{% macro is_known_timezone(column) -%}
    {{ return(adapter.dispatch('is_known_timezone', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__is_known_timezone(column) -%}
    coalesce({{ column }} in (select tz.name from pg_timezone_names() as tz), false)
{%- endmacro %}
