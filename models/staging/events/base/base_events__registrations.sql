{{ config(materialized='table') }}

{%- set columns = ['registration_id', 'event_id', 'event_name', 'event_type', 'event_start', 'attendee_email',
                   'attendee_first_name', 'attendee_last_name', 'registered_at', 'ticket_type', 'ticket_price',
                   'currency', 'checked_in', 'cancelled_at', 'how_did_you_hear'] -%}
{%- set heard = ['website', 'email', 'social_media', 'print', 'direct_mail', 'word_of_mouth', 'search', 'other'] -%}

with

source as (

    select * from {{ raw_rows('raw_event_registrations') }}

),

fx_rates as (

    select * from {{ ref('stg_fx__rates_daily') }}

),

currencies as (

    select * from {{ ref('currencies') }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(registration_id), '') as registration_id,
        nullif(trim(event_id), '') as event_id,
        nullif(trim(event_name), '') as event_name,
        lower(trim(event_type)) as event_type,
        {{ parse_iso_utc('event_start') }} as event_start_at,
        nullif(trim(attendee_email), '') as attendee_email_raw,
        {{ normalize_email('attendee_email') }} as attendee_email,
        nullif(trim(attendee_first_name), '') as attendee_first_name,
        nullif(trim(attendee_last_name), '') as attendee_last_name,
        {{ parse_iso_utc('registered_at') }} as registered_at,
        lower(trim(ticket_type)) as ticket_type,
        {{ parse_number('ticket_price', 'decimal(18, 2)') }} as ticket_price,
        upper(trim(currency)) as currency,
        case lower(trim(checked_in)) when 'yes' then true when 'no' then false end as is_checked_in,
        {{ parse_iso_utc('cancelled_at') }} as cancelled_at,
        nullif(lower(trim(how_did_you_hear)), '') as how_did_you_hear
    from source

),

converted as (

    select
        parsed.*,
        fx_rates.usd_per_unit,
        {{ to_usd('parsed.ticket_price', 'fx_rates.usd_per_unit') }} as ticket_price_usd
    from parsed
    left join fx_rates
        on
            parsed.currency = fx_rates.currency
            and cast(parsed.registered_at as date) = fx_rates.rate_date

),

checked as (

    select
        *,
        {{ dq_reasons([
            ["registration_id is null", "registration_id: missing"],
            ["event_id is null", "event_id: missing"],
            ["not " ~ is_in('event_type', ['conference', 'webinar', 'workshop']), "event_type: unknown value"],
            ["event_start_at is null", "event_start: missing or not an ISO 8601 timestamp"],
            ["registered_at is null", "registered_at: missing or not an ISO 8601 timestamp"],
            ["not " ~ is_in('ticket_type', ['member', 'non_member', 'student', 'speaker', 'free']),
             "ticket_type: unknown value"],
            ["is_checked_in is null", "checked_in: not Yes/No"],
            ["raw__cancelled_at is not null and cancelled_at is null", "cancelled_at: not an ISO 8601 timestamp"],
            ["how_did_you_hear is not null and not " ~ is_in('how_did_you_hear', heard),
             "how_did_you_hear: unknown value"],
        ] + number_checks('ticket_price', 'ticket_price', 'decimal', var('max_plausible_amount'))
          + time_checks('registered_at', 'registered_at') + time_checks('cancelled_at', 'cancelled_at')
          + currency_checks('fx_rates', 'currencies', 'registered_at', 'registration')
          + usd_checks(['ticket_price'], 'ticket_price_usd', 'ticket_price')
          + nul_checks(columns)) }} as check_reason,
        {{ dq_reasons([
            ["attendee_email_raw is not null and attendee_email is null", "attendee_email: not an email address"],
        ]) }} as dq_note
    from converted

),

deduplicated as (

    {{ deduplicate('checked', ['registration_id'], columns) }}

),

final as (

    select
        _line_number,
        registration_id,
        event_id,
        event_name,
        event_type,
        event_start_at,
        attendee_email_raw,
        attendee_email,
        attendee_first_name,
        attendee_last_name,
        registered_at,
        ticket_type,
        ticket_price,
        currency,
        case when dq_reason is null then ticket_price_usd end as ticket_price_usd,
        is_checked_in,
        cancelled_at,
        how_did_you_hear,
        dq_reason,
        dq_status,
        case when dq_reason is not null then {{ raw_row_json(columns, 'raw__') }} end as raw_row,
        dq_note,
        raw__registration_id as source_record_id
    from deduplicated

)

select * from final
