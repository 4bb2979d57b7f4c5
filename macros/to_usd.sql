{% macro to_usd(amount, usd_per_unit) -%}
    {#- Money in USD, decimal(18,2), rounded half away from zero to the cent. -#}
    cast(round(cast({{ amount }} as decimal(18, 6)) * {{ usd_per_unit }}, 2) as decimal(18, 2))
{%- endmacro %}
