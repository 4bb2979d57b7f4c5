{% macro currency_checks(currencies_relation) -%}
    {#- The currency checks of a money row that staging can make on its own, for dq_reasons(): a
        currency is required and must be an ISO 4217 code (currencies_relation: the reference seed,
        joined as `currencies.currency`). Whether the delivery has a rate for it on the day is
        intermediate logic (usd_conversion). -#}
    {{ return([
        ["nullif(currency, '') is null", "currency: missing"],
        ["nullif(currency, '') is not null and currency not in (select iso.currency from "
            ~ currencies_relation ~ " as iso)", "currency: not an ISO 4217 code"],
    ]) }}
{%- endmacro %}
