{% macro money_amounts() -%}
    {#- The money of each staging model that carries a currency, written once for the conversion
        (int_*_converted) and its rejects (int_currency_rejects): the amount and the moment as
        expressions over its rows, what the moment is called, the raw amount column (named in the
        rejection reason), the USD column it gets, and its raw file and record id. -#}
    {{ return({
        'stg_commerce__orders': {
            'amount': 'cast(source_rows.quantity as decimal(20, 0)) * source_rows.unit_price',
            'occurred_at': 'source_rows.ordered_at', 'what': 'order', 'amount_column': 'unit_price',
            'usd_column': 'amount_usd', 'raw_file': 'raw_orders', 'record_id': 'order_id'},
        'stg_membership__events': {
            'amount': 'source_rows.amount', 'occurred_at': 'source_rows.action_date', 'what': 'action',
            'amount_column': 'amount', 'usd_column': 'amount_usd', 'raw_file': 'raw_memberships',
            'record_id': 'membership_event_id'},
        'stg_events__registrations': {
            'amount': 'source_rows.ticket_price', 'occurred_at': 'source_rows.registered_at',
            'what': 'registration', 'amount_column': 'ticket_price', 'usd_column': 'ticket_price_usd',
            'raw_file': 'raw_event_registrations', 'record_id': 'registration_id'},
        'stg_ads__clicks': {
            'amount': 'source_rows.cost_micros / 1000000.0', 'occurred_at': 'source_rows.clicked_at',
            'what': 'click', 'amount_column': 'cost_micros', 'usd_column': 'cost_usd', 'raw_file': 'raw_ad_clicks',
            'record_id': 'click_id'},
    }) }}
{%- endmacro %}
