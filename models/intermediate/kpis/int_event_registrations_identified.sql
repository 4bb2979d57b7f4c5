{#- Every event registration (int_registrations_converted, cancelled ones included) with the
    attendee as resolved from their email (NULL when it belongs to no customer) and its lead time:
    whole days from the registration to the event's start, both in UTC. -#}

with

final as (

    select
        registrations.registration_id,
        attendees.customer_id,
        coalesce(attendees.is_test, false) as is_test,
        registrations.event_id,
        registrations.event_name,
        registrations.event_type,
        registrations.event_start_at,
        registrations.registered_at,
        {{ dbt.datediff(
            'cast(registrations.registered_at as date)', 'cast(registrations.event_start_at as date)', 'day'
        ) }} as lead_days,
        registrations.is_cancelled,
        registrations.is_checked_in
    from {{ ref('int_registrations_converted') }} as registrations
    left join {{ ref('int_email_owners') }} as attendees on registrations.attendee_email = attendees.email

)

select * from final
