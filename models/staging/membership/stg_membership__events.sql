with

membership_events as (

    select * from {{ ref('base_membership__events') }}

),

staged as (

    select
        membership_event_id,
        member_number,
        contact_email,
        contact_email_raw,
        plan,
        action,
        action_date,
        term_start,
        term_end,
        amount,
        currency,
        _line_number as source_line_number
    from membership_events
    where dq_status = 'staged'

)

select * from staged
