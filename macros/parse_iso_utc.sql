{% macro parse_iso_utc(column) -%}
    {{ return(adapter.dispatch('parse_iso_utc', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__parse_iso_utc(column) -%}
    {#- ISO 8601 with `Z` or an offset (`+01:00`, `+0100`, `+01`) -> UTC timestamp; NULL when unparseable.
        Values must carry a date and a time; a bare date is not a timestamp. -#}
    case
        when regexp_full_match(trim({{ column }}), '\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?')
            then timezone('UTC', try_cast(trim({{ column }}) as timestamptz))
    end
{%- endmacro %}
