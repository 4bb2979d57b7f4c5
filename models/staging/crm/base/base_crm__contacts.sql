{%- set columns = source_columns('crm', 'raw_crm_contacts') -%}

with

source as (

    select * from {{ number_lines(source('crm', 'raw_crm_contacts')) }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(contact_id), '') as contact_id,
        nullif(trim(email), '') as email_raw,
        {{ normalize_email('email') }} as email,
        nullif(trim(phone), '') as phone_raw,
        nullif(trim(first_name), '') as first_name,
        nullif(trim(last_name), '') as last_name,
        nullif(trim(postal_code), '') as postal_code,
        case when regexp_full_match(upper(trim(country)), '[A-Z]{2}') then upper(trim(country)) end as country_code,
        nullif(upper(trim(member_number)), '') as member_number,
        {{ normalize_handle('social_handle') }} as social_handle,
        {{ parse_iso_utc('created_at') }} as created_at,
        {{ parse_iso_utc('last_modified_at') }} as last_modified_at,
        case lower(trim(is_test)) when 'true' then true when 'false' then false end as is_test
    from source

),

normalized as (

    select
        *,
        {{ normalize_phone('phone_raw', 'country_code') }} as phone
    from parsed

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('crm', 'raw_crm_contacts') + [
            ["created_at is null", "created_at: missing or not an ISO 8601 timestamp"],
            ["raw__last_modified_at is not null and last_modified_at is null",
             "last_modified_at: not an ISO 8601 timestamp"],
        ] + time_checks('created_at', 'created_at') + time_checks('last_modified_at', 'last_modified_at')
         ) }} as check_reason,
        {{ dq_reasons([
            ["email_raw is not null and email is null", "email: not an email address"],
            ["phone_raw is not null and phone is null", "phone: not a phone number"],
            ["nullif(trim(raw__country), '') is not null and country_code is null",
             "country: not an ISO 3166 alpha-2 code"],
        ]) }} as dq_note
    from normalized

),

deduplicated as (

    -- a re-exported record with a later last_modified_at supersedes the older one
    {{ deduplicate('checked', ['contact_id'], columns, 'last_modified_at') }}

),

final as (

    select
        _line_number,
        contact_id,
        email_raw,
        email,
        phone_raw,
        phone,
        first_name,
        last_name,
        postal_code,
        country_code,
        member_number,
        social_handle,
        created_at,
        last_modified_at,
        is_test,
        {{ dq_columns('crm', 'raw_crm_contacts') }}
    from deduplicated

)

select * from final
