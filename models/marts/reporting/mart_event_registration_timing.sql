{#- When people register for events: registrations (cancelled ones included) by the weekday they
    registered on, on the attendee's own clock where it is known (dim_customers.time_zone; UTC
    otherwise, `clock` says which), and by lead time (whole days before the event's start), per
    event type. The share is of the event type's registrations. -#}

with

clocked as (

    select
        registrations.registration_id,
        registrations.event_type,
        registrations.lead_days,
        {{ clock_kind('customers') }} as clock,
        {{ own_clock('registrations.registered_at', 'customers') }} as clock_at
    from {{ ref('fct_event_registrations') }} as registrations
    left join {{ ref('dim_customers') }} as customers on registrations.customer_id = customers.customer_id

),

bucketed as (

    select
        registration_id,
        event_type,
        clock,
        cast({{ iso_day_of_week('clock_at') }} as integer) as day_of_week,
        case
            when lead_days < 7 then 1
            when lead_days < 14 then 2
            when lead_days < 28 then 3
            when lead_days < 56 then 4
            else 5
        end as lead_order,
        lead_days
    from clocked

),

cells as (

    select
        event_type,
        day_of_week,
        lead_order,
        count(*) as registrations,
        count(case when clock = 'local' then 1 end) as registrations_on_local_clock,
        median(lead_days) as median_lead_days
    from bucketed
    group by event_type, day_of_week, lead_order

),

final as (

    select
        event_type,
        day_of_week,
        {{ iso_day_name('day_of_week') }} as day_name,
        lead_order,
        case lead_order
            when 1 then 'Under 1 week'
            when 2 then '1–2 weeks'
            when 3 then '2–4 weeks'
            when 4 then '4–8 weeks'
            else '8 weeks or more'
        end as lead_time,
        registrations,
        registrations_on_local_clock,
        median_lead_days,
        registrations * 1.0 / sum(registrations) over (partition by event_type) as registration_share
    from cells

)

select * from final
