{#- One row per event registration (stg_events__registrations) that can be converted to USD, with
    ticket_price_usd at the rate of the registration's UTC date (or the latest earlier day). Rows
    that cannot be converted are quarantined: int_currency_rejects. -#}

{{ usd_conversion(ref('stg_events__registrations'), ref('int_fx_rates_daily'),
                  money_amounts()['stg_events__registrations']) }}
