{#- Every staged membership event (in USD) with the customer its member number resolves to, and
    whether that identity is a test record's. Membership status (int_customer_profiles) and
    membership terms (int_membership_terms) read the events from here. -#}

with

member_numbers as (

    select * from {{ ref('int_identifiers_resolved') }}
    where identifier_type = 'member_number'

),

identified as (

    select
        member_numbers.customer_id,
        member_numbers.is_test,
        membership_events.membership_event_id,
        membership_events.action,
        membership_events.action_date,
        membership_events.term_start,
        membership_events.term_end,
        membership_events.plan,
        membership_events.amount_usd
    from {{ ref('int_membership_events_converted') }} as membership_events
    inner join member_numbers on membership_events.member_number = member_numbers.identifier_value

)

select * from identified
