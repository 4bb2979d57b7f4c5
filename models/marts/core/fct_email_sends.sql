{#- Published from int_email_sends (which holds the logic), test customers left out. Public and
    contracted. -#}

with

final as (

    select
        send_id,
        customer_id,
        campaign_id,
        campaign_name,
        sent_at,
        opened_at,
        clicked_at,
        is_opened,
        is_clicked,
        is_outcome_known
    from {{ ref('int_email_sends') }}
    where not is_test

)

select * from final
