{#- One row per membership event (stg_membership__events) that can be converted to USD, with
    amount_usd at the rate of the action date (or the latest earlier day). Rows that cannot be
    converted are quarantined: int_currency_rejects. -#}

{{ usd_conversion(ref('stg_membership__events'), ref('int_fx_rates_daily'),
                  money_amounts()['stg_membership__events']) }}
