{%- set columns = source_columns('support', 'raw_support_tickets') -%}

with

source as (

    select * from {{ number_lines(source('support', 'raw_support_tickets')) }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(ticket_id), '') as ticket_id,
        nullif(trim(requester_email), '') as requester_email_raw,
        {{ normalize_email('requester_email') }} as requester_email,
        nullif(trim(requester_phone), '') as requester_phone_raw,
        lower(trim(channel)) as channel,
        lower(trim(category)) as category,
        lower(trim(status)) as status,
        {{ parse_iso_utc('created_at') }} as created_at,
        {{ parse_iso_utc('first_response_at') }} as first_response_at,
        {{ parse_iso_utc('solved_at') }} as solved_at,
        lower(trim(satisfaction_rating)) as satisfaction_rating
    from source

),

normalized as (

    select
        *,
        {{ normalize_phone('requester_phone_raw') }} as requester_phone
    from parsed

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('support', 'raw_support_tickets') + [
            ["created_at is null", "created_at: missing or not an ISO 8601 timestamp"],
            ["raw__first_response_at is not null and first_response_at is null",
             "first_response_at: not an ISO 8601 timestamp"],
            ["raw__solved_at is not null and solved_at is null", "solved_at: not an ISO 8601 timestamp"],
        ] + time_checks('created_at', 'created_at') + time_checks('first_response_at', 'first_response_at')
          + time_checks('solved_at', 'solved_at')) }} as check_reason,
        {{ dq_reasons([
            ["requester_email_raw is not null and requester_email is null", "requester_email: not an email address"],
            ["requester_phone_raw is not null and requester_phone is null", "requester_phone: not a phone number"],
        ]) }} as dq_note
    from normalized

),

deduplicated as (

    {{ deduplicate('checked', ['ticket_id'], columns) }}

),

final as (

    select
        _line_number,
        ticket_id,
        requester_email_raw,
        requester_email,
        requester_phone_raw,
        requester_phone,
        channel,
        category,
        status,
        created_at,
        first_response_at,
        solved_at,
        satisfaction_rating,
        {{ dq_columns('support', 'raw_support_tickets') }}
    from deduplicated

)

select * from final
