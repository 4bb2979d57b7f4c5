{% macro usd_conversion(rows, fx_rates, amount, occurred_at, what, amount_column, usd_column='amount_usd',
                        rejects_of=none) -%}
    {#- The rows of `rows` (a staging relation with `currency`) with the USD rate of their UTC date
        (fx_rates: int_fx_rates_daily, the rate of the day or of the latest earlier day), the amount
        in USD (usd_column) and `conversion_reason`: why a row cannot be converted (NULL when it
        can): the delivery has no rates for the currency, none on or before the date, or the USD
        amount does not fit decimal(18,2). The convertible rows by default (the int_*_converted
        models); with rejects_of = [raw file, record id column] the rejected ones as (source_file,
        source_line_number, source_record_id, reason) (int_currency_rejects, which audit.quarantine
        lists). amount and occurred_at are expressions over the rows' columns. -#}
    select
    {%- if rejects_of %}
        '{{ rejects_of[0] }}' as source_file,
        source_line_number,
        {{ rejects_of[1] }} as source_record_id,
        conversion_reason as reason
    {%- else %}
        *
    {%- endif %}
    from (
        select
            source_rows.*,
            rates.usd_per_unit,
            {{ to_usd(amount, 'rates.usd_per_unit') }} as {{ usd_column }},
            case
                when source_rows.currency not in (select delivered.currency from {{ fx_rates }} as delivered)
                    then 'currency: no exchange rates delivered for it'
                when rates.usd_per_unit is null
                    then 'currency: no exchange rate on or before the {{ what }} date'
                when {{ to_usd(amount, 'rates.usd_per_unit') }} is null
                    then '{{ amount_column }}: out of range once converted to USD'
            end as conversion_reason
        from {{ rows }} as source_rows
        left join {{ fx_rates }} as rates
            on
                source_rows.currency = rates.currency
                and cast({{ occurred_at }} as date) = rates.rate_date
    ) as converted
    where conversion_reason is {{ 'not null' if rejects_of else 'null' }}
{%- endmacro %}
