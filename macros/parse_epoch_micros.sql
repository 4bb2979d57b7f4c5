{% macro parse_epoch_micros(column) -%}
    {{ return(adapter.dispatch('parse_epoch_micros', 'customer_journey')(column)) }}
{%- endmacro %}

{% macro default__parse_epoch_micros(column) -%}
    {#- Integer microseconds since the Unix epoch (UTC) -> timestamp, kept to the microsecond.
        Only 2000-01-01 .. 2100-01-01 is plausible for an analytics export; else NULL. -#}
    case
        when try_cast(trim({{ column }}) as bigint) between 946684800000000 and 4102444800000000
            then make_timestamp(try_cast(trim({{ column }}) as bigint))
    end
{%- endmacro %}
