{#- One row per ad click (stg_ads__clicks) that can be converted to USD, with cost_usd at the rate
    of the click's UTC date (or the latest earlier day). Rows that cannot be converted are
    quarantined: int_currency_rejects. -#}

{{ usd_conversion(ref('stg_ads__clicks'), ref('int_fx_rates_daily'),
                  money_amounts()['stg_ads__clicks']) }}
