{% macro to_usd(amount, usd_per_unit) -%}
    {#- Money in USD, decimal(18,2), rounded half away from zero to the cent; NULL when the result
        does not fit (a row whose amount cannot be converted is quarantined, see usd_checks). The
        amount is widened first: DuckDB types decimal(18,6) x decimal(18,8) as decimal(18,14), which
        overflows from 10,000 units of a currency whose rate is above 1. -#}
    try_cast(round(try_cast({{ amount }} as decimal(38, 6)) * {{ usd_per_unit }}, 2) as decimal(18, 2))
{%- endmacro %}
