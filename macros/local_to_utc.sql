{% macro local_to_utc(local_timestamp, timezone_column) -%}
    {{ return(adapter.dispatch('local_to_utc', 'customer_journey')(local_timestamp, timezone_column)) }}
{%- endmacro %}

{% macro default__local_to_utc(local_timestamp, timezone_column) -%}
    {#- A wall-clock timestamp local to an IANA time zone -> UTC timestamp. The caller must check
        the zone name first (see is_known_timezone): DuckDB raises on an unknown zone. In the hour a
        daylight-saving change repeats, the first (summer-time) reading is taken. -#}
    timezone('UTC', timezone({{ timezone_column }}, {{ local_timestamp }}))
{%- endmacro %}
