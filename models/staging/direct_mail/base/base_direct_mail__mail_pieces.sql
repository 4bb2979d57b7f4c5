{#- Every line of the print vendor's mailing file, typed and validated (see stage_raw_rows). -#}

{{ stage_raw_rows(
    source('direct_mail', 'raw_direct_mail'), 'direct_mail', 'raw_direct_mail',
    trimmed=['mail_piece_id', 'contact_id'],
    uppered=['campaign_code', 'offer_code'],
    parsed={
        'mailed_on': parse_date('mailed_on'),
    },
    checks=[
        ["mailed_on is null", "mailed_on: missing or not a YYYY-MM-DD date"],
    ] + time_checks('cast(mailed_on as timestamp)', 'mailed_on'),
) }}
