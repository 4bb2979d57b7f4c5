{% macro currency_checks(fx_relation, currencies_relation, date_column, what) -%}
    {#- The validation checks of a money row, for dq_reasons(): the currency must be an ISO 4217 code
        (currencies_relation, the reference seed), the delivery must carry rates for it, and a rate
        must exist on or before the transaction's date (usd_per_unit comes from the left join to
        stg_fx__rates_daily). A date that is itself implausible (see time_checks) is named by its
        own check, not as a missing rate. -#}
    {%- set iso = "(select currencies.currency from " ~ currencies_relation ~ " as currencies)" -%}
    {%- set delivered = "(select fx.currency from " ~ fx_relation ~ " as fx)" -%}
    {{ return([
        ["currency is null or currency = ''", "currency: missing"],
        ["currency != '' and currency not in " ~ iso, "currency: not an ISO 4217 code"],
        ["currency in " ~ iso ~ " and currency not in " ~ delivered, "currency: no exchange rates delivered for it"],
        ["currency in " ~ delivered ~ " and " ~ date_column ~ " between cast('" ~ var('earliest_plausible_date')
            ~ "' as timestamp) and " ~ delivery_cutoff_at() ~ " and usd_per_unit is null",
         "currency: no exchange rate on or before the " ~ what ~ " date"],
    ]) }}
{%- endmacro %}
