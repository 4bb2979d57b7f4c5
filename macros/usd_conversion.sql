{% macro usd_conversion(rows, fx_rates, money, rejects=false) -%}
    {#- The rows of `rows` (a staging relation with `currency`) with the USD rate of their UTC date
        (fx_rates: int_fx_rates_daily, the rate of the day or of the latest earlier day), the amount
        in USD (usd_column) and `conversion_reason`: why a row cannot be converted (NULL when it
        can): the delivery has no rates for the currency, none on or before the date, or the USD
        amount does not fit decimal(18,2). The convertible rows by default (the int_*_converted
        models); with rejects the rejected ones as (source_file, source_line_number,
        source_record_id, reason) (int_currency_rejects, which audit.quarantine lists). `money` is
        the staging model's entry of money_amounts(). -#}
    {%- set amount, occurred_at, amount_column = money.amount, money.occurred_at, money.amount_column %}
    select
    {%- if rejects %}
        '{{ money.raw_file }}' as source_file,
        source_line_number,
        {{ money.record_id }} as source_record_id,
        conversion_reason as reason
    {%- else %}
        *
    {%- endif %}
    from (
        select
            source_rows.*,
            rates.usd_per_unit,
            {{ to_usd(amount, 'rates.usd_per_unit') }} as {{ money.usd_column }},
            case
                when source_rows.currency not in (select delivered.currency from {{ fx_rates }} as delivered)
                    then 'currency: no exchange rates delivered for it'
                when rates.usd_per_unit is null
                    then 'currency: no exchange rate on or before the {{ money.what }} date'
                when {{ to_usd(amount, 'rates.usd_per_unit') }} is null
                    then '{{ amount_column }}: out of range once converted to USD'
            end as conversion_reason
        from {{ rows }} as source_rows
        left join {{ fx_rates }} as rates
            on
                source_rows.currency = rates.currency
                and cast({{ occurred_at }} as date) = rates.rate_date
    ) as converted
    where conversion_reason is {{ 'not null' if rejects else 'null' }}
{%- endmacro %}
