{% macro iso_day_of_week(timestamp_column) -%}
    {{ return(adapter.dispatch('iso_day_of_week', 'customer_journey')(timestamp_column)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(timestamp_column) -%}
    {#- ISO day of the week: 1 = Monday ... 7 = Sunday (Spark's form) -#}
    extract(dayofweek_iso from {{ timestamp_column }})
{%- endmacro %}

{% macro duckdb__iso_day_of_week(timestamp_column) -%}
    extract(isodow from {{ timestamp_column }})
{%- endmacro %}
