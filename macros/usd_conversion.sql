{% macro usd_conversion(rows, amount, occurred_at, fx_rates, what, amount_column) -%}
    {#- The rows of `rows` (a CTE with `currency`) with the USD rate of their UTC date (fx_rates:
        int_fx_rates_daily, the rate of the day or of the latest earlier day) and `amount_usd`,
        plus `conversion_reason`: why a row cannot be converted (NULL when it can): the delivery
        has no rates for the currency, none on or before the date, or the USD amount does not fit
        decimal(18,2). Rows with a reason are quarantined (int_currency_rejects). -#}
    select
        {{ rows }}.*,
        {{ fx_rates }}.usd_per_unit,
        {{ to_usd(amount, fx_rates ~ '.usd_per_unit') }} as amount_usd,
        case
            when {{ rows }}.currency not in (select delivered.currency from {{ fx_rates }} as delivered)
                then 'currency: no exchange rates delivered for it'
            when {{ fx_rates }}.usd_per_unit is null
                then 'currency: no exchange rate on or before the {{ what }} date'
            when {{ to_usd(amount, fx_rates ~ '.usd_per_unit') }} is null
                then '{{ amount_column }}: out of range once converted to USD'
        end as conversion_reason
    from {{ rows }}
    left join {{ fx_rates }}
        on
            {{ rows }}.currency = {{ fx_rates }}.currency
            and cast({{ occurred_at }} as date) = {{ fx_rates }}.rate_date
{%- endmacro %}
