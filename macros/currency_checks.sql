{% macro currency_checks(fx_relation, date_column, what) -%}
    {#- The two validation checks of a money row, for dq_reasons(): the currency must be one the
        exchange-rate table knows, and a rate must exist on or before the transaction's date
        (usd_per_unit comes from the left join to stg_fx__rates_daily). -#}
    {{ return([
        ["currency not in (select fx.currency from " ~ fx_relation ~ " as fx)", "currency: unknown ISO-4217 code"],
        ["currency in (select fx.currency from " ~ fx_relation ~ " as fx) and " ~ date_column
            ~ " is not null and usd_per_unit is null",
         "currency: no exchange rate on or before the " ~ what ~ " date"],
    ]) }}
{%- endmacro %}
