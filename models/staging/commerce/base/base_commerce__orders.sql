{#- Every line of the commerce and payments export, typed and validated (see stage_raw_rows): an
    order re-exported with a later updated_at supersedes its older versions (the registry's
    version column); amounts stay in their currency (USD: int_orders_converted). -#}

{{ stage_raw_rows(
    source('commerce', 'raw_orders'), 'commerce', 'raw_orders',
    lookups={'currencies': ref('currencies')},
    trimmed=['order_id'],
    lowered=['sales_channel', 'order_type', 'status'],
    uppered=['product_sku', 'discount_code', 'currency'],
    parsed={
        'customer_email_raw': "nullif(trim(customer_email), '')",
        'customer_email': normalize_email('customer_email'),
        'ordered_at': parse_iso_utc('ordered_at'),
        'updated_at': parse_iso_utc('updated_at'),
        'product_category': "nullif(lower(trim(product_category)), '')",
        'quantity': parse_number('quantity', 'integer'),
        'unit_price': parse_number('unit_price', 'decimal(18, 2)'),
    },
    checks=[
        ["ordered_at is null", "ordered_at: missing or not an ISO 8601 timestamp"],
        ["updated_at is null", "updated_at: missing or not an ISO 8601 timestamp"],
    ] + number_checks('quantity', 'quantity', 'integer')
      + number_checks('unit_price', 'unit_price', 'decimal', var('max_plausible_amount'))
      + time_checks('ordered_at', 'ordered_at') + time_checks('updated_at', 'updated_at')
      + currency_checks('currencies'),
    notes=[
        ["customer_email_raw is not null and customer_email is null", "customer_email: not an email address"],
    ],
    raw_row_when="dq_reason is not null or currency != 'USD'",
) }}
