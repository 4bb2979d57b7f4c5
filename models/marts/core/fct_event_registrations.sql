{#- Published from int_event_registrations_identified (which holds the logic), test customers left
    out. Public and contracted. -#}

with

final as (

    select
        registration_id,
        customer_id,
        event_id,
        event_name,
        event_type,
        event_start_at,
        registered_at,
        lead_days,
        is_cancelled,
        is_checked_in
    from {{ ref('int_event_registrations_identified') }}
    where not is_test

)

select * from final
