{% macro local_to_utc(local_timestamp, timezone_column) -%}
    {{ return(adapter.dispatch('local_to_utc', 'customer_journey')(local_timestamp, timezone_column)) }}
{%- endmacro %}

{% macro default__local_to_utc(local_timestamp, timezone_column) -%}
    {#- A wall-clock timestamp local to an IANA time zone -> UTC timestamp. The caller must check
        the zone name first (see is_known_timezone): DuckDB raises on an unknown zone. In the hour a
        daylight-saving change repeats, the first (summer-time) reading is taken, as Python's
        zoneinfo does (fold=0). DuckDB's conversion gives the second (standard-time) one, so the
        reading with the offset the zone had a day earlier is taken instead when it is earlier and
        reads back to the same wall-clock time (checked against zoneinfo on every 7 minutes of 2025
        in 7 zones, St John's, Lord Howe and Chatham among them). A wall-clock time a change skips
        reads with the offset before the change, as zoneinfo does. -#}
    {%- set converted = 'timezone(' ~ timezone_column ~ ', ' ~ local_timestamp ~ ')' -%}
    {%- set day_before = '(' ~ converted ~ ' - interval 1 day)' -%}
    {%- set first_reading = '(' ~ local_timestamp ~ ' - (timezone(' ~ timezone_column ~ ', ' ~ day_before
        ~ ') - timezone(\'UTC\', ' ~ day_before ~ ')))' -%}
    case
        when
            timezone({{ timezone_column }}, timezone('UTC', {{ first_reading }})) = {{ local_timestamp }}
            and timezone('UTC', {{ first_reading }}) < {{ converted }}
            then {{ first_reading }}
        else timezone('UTC', {{ converted }})
    end
{%- endmacro %}
