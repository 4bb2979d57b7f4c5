with

registrations as (

    select * from {{ ref('base_events__registrations') }}

),

staged as (

    select
        registration_id,
        event_id,
        event_name,
        event_type,
        event_start_at,
        attendee_email,
        attendee_email_raw,
        attendee_first_name,
        attendee_last_name,
        registered_at,
        ticket_type,
        ticket_price,
        currency,
        is_checked_in,
        cancelled_at,
        cancelled_at is not null as is_cancelled,
        how_did_you_hear,
        _line_number as source_line_number
    from registrations
    where dq_status = 'staged'

)

select * from staged
