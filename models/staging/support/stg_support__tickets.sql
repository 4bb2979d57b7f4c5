with

tickets as (

    select * from {{ ref('base_support__tickets') }}

),

staged as (

    select
        ticket_id,
        requester_email,
        requester_email_raw,
        requester_phone,
        requester_phone_raw,
        channel,
        category,
        status,
        created_at,
        first_response_at,
        solved_at,
        satisfaction_rating,
        {{ dbt.datediff('created_at', 'first_response_at', 'minute') }}
            as first_response_minutes,
        _line_number as source_line_number
    from tickets
    where dq_status = 'staged'

)

select * from staged
