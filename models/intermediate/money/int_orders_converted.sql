{#- One row per order in its current state (stg_commerce__orders) that can be converted to USD, with
    amount_usd = quantity x unit_price at the rate of the order's UTC date (or the latest earlier
    day). Rows that cannot be converted are quarantined: int_currency_rejects. -#}

{{ usd_conversion(ref('stg_commerce__orders'), ref('int_fx_rates_daily'),
                  money_amounts()['stg_commerce__orders']) }}
