{% macro utc_to_local(utc_column, time_zone_column) -%}
    {{ return(adapter.dispatch('utc_to_local', 'customer_journey')(utc_column, time_zone_column)) }}
{%- endmacro %}

{% macro default__utc_to_local(utc_column, time_zone_column) -%}
    {#- a UTC timestamp (without zone) as the wall-clock time of an IANA zone (Spark's form) -#}
    from_utc_timestamp({{ utc_column }}, {{ time_zone_column }})
{%- endmacro %}

{% macro duckdb__utc_to_local(utc_column, time_zone_column) -%}
    {#- ICU: read the naive value as UTC (never the session's zone), then take the zone's wall clock -#}
    timezone({{ time_zone_column }}, timezone('UTC', {{ utc_column }}))
{%- endmacro %}
