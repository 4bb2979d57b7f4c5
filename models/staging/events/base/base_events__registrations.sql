{%- set columns = source_columns('events', 'raw_event_registrations') -%}

with

source as (

    select * from {{ number_lines(source('events', 'raw_event_registrations')) }}

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

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('events', 'raw_event_registrations') + [
            ["event_start_at is null", "event_start: missing or not an ISO 8601 timestamp"],
            ["registered_at is null", "registered_at: missing or not an ISO 8601 timestamp"],
            ["raw__cancelled_at is not null and cancelled_at is null", "cancelled_at: not an ISO 8601 timestamp"],
        ] + number_checks('ticket_price', 'ticket_price', 'decimal', var('max_plausible_amount'))
          + time_checks('registered_at', 'registered_at') + time_checks('cancelled_at', 'cancelled_at')
          + currency_checks('currencies')
         ) }} as check_reason,
        {{ dq_reasons([
            ["attendee_email_raw is not null and attendee_email is null", "attendee_email: not an email address"],
        ]) }} as dq_note
    from parsed

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
        is_checked_in,
        cancelled_at,
        how_did_you_hear,
        -- a foreign-currency row may still be quarantined by the conversion (int_currency_rejects)
        {{ dq_columns('events', 'raw_event_registrations', "dq_reason is not null or currency != 'USD'") }}
    from deduplicated

)

select * from final
