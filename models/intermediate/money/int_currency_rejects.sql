{#- The staged money rows that cannot be converted to USD (no rates delivered for the currency, none
    on or before the row's date, an amount whose USD value does not fit): they are quarantined with
    the reason (audit.quarantine), and the int_*_converted models leave them out. -#}

{{ usd_conversion(ref('stg_commerce__orders'), ref('int_fx_rates_daily'),
                  'cast(source_rows.quantity as decimal(20, 0)) * source_rows.unit_price', 'source_rows.ordered_at', 'order', 'unit_price',
                  rejects_of=['raw_orders', 'order_id']) }}
union all
{{ usd_conversion(ref('stg_membership__events'), ref('int_fx_rates_daily'),
                  'source_rows.amount', 'source_rows.action_date', 'action', 'amount',
                  rejects_of=['raw_memberships', 'membership_event_id']) }}
union all
{{ usd_conversion(ref('stg_events__registrations'), ref('int_fx_rates_daily'),
                  'source_rows.ticket_price', 'source_rows.registered_at', 'registration', 'ticket_price',
                  rejects_of=['raw_event_registrations', 'registration_id']) }}
union all
{{ usd_conversion(ref('stg_ads__clicks'), ref('int_fx_rates_daily'),
                  'source_rows.cost_micros / 1000000.0', 'source_rows.clicked_at', 'click', 'cost_micros',
                  rejects_of=['raw_ad_clicks', 'click_id']) }}
