{#- Every line of the CRM contact export, typed and validated (see stage_raw_rows): emails and
    phones normalized (the phone read in the record's country), names trimmed; a record re-exported
    with a later last_modified_at supersedes the older one (the registry's version column). -#}

{{ stage_raw_rows(
    source('crm', 'raw_crm_contacts'), 'crm', 'raw_crm_contacts',
    trimmed=['contact_id', 'first_name', 'last_name', 'postal_code'],
    uppered=['member_number'],
    parsed={
        'email_raw': "nullif(trim(email), '')",
        'email': normalize_email('email'),
        'phone_raw': "nullif(trim(phone), '')",
        'country_code': "case when regexp_full_match(upper(trim(country)), '[A-Z]{2}') then upper(trim(country)) end",
        'social_handle': normalize_handle('social_handle'),
        'created_at': parse_iso_utc('created_at'),
        'last_modified_at': parse_iso_utc('last_modified_at'),
        'is_test': "case lower(trim(is_test)) when 'true' then true when 'false' then false end",
    },
    derived={
        'phone': normalize_phone('phone_raw', 'country_code'),
    },
    checks=[
        ["created_at is null", "created_at: missing or not an ISO 8601 timestamp"],
        ["raw__last_modified_at is not null and last_modified_at is null", "last_modified_at: not an ISO 8601 timestamp"],
    ] + time_checks('created_at', 'created_at') + time_checks('last_modified_at', 'last_modified_at'),
    notes=[
        ["email_raw is not null and email is null", "email: not an email address"],
        ["phone_raw is not null and phone is null", "phone: not a phone number"],
        ["nullif(trim(raw__country), '') is not null and country_code is null", "country: not an ISO 3166 alpha-2 code"],
    ],
) }}
