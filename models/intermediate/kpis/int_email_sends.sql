{#- Every email sent (stg_email__activities, action `sent`) with its recipient as resolved (NULL for
    an address that belongs to no customer), and whether the recipient opened or clicked that
    campaign within var('email_response_window_days') of the send. A click counts as an open (an
    image-blocking client clicks without an open pixel). `is_outcome_known`: the window had
    closed by the data's end, so the send's rates are final.
    A table rebuilt whole at every build. Incremental by the recipient's address it was slower
    on the 1M-person day (75.4 s against 11.8 s): a day's delivery repeats 414k email lines of
    earlier days (duplicates, marked by base_email__activities), whose 305k addresses named 6.6M
    sends to compare, of which 61 addresses changed; without the duplicates the day still reads
    every email line to find the addresses' lines, which is most of the whole build's work. -#}

with

sends as (

    select
        activity_id as send_id,
        email,
        campaign_id,
        campaign_name,
        occurred_at as sent_at,
        {{ dbt.dateadd('day', var('email_response_window_days'), 'occurred_at') }} as response_window_end_at
    from {{ ref('stg_email__activities') }}
    where action = 'sent'

),

responses as (

    select
        email,
        campaign_id,
        min(case when action in ('open', 'click') then occurred_at end) as first_open_at,
        min(case when action = 'click' then occurred_at end) as first_click_at
    from {{ ref('stg_email__activities') }}
    where action in ('open', 'click')
    group by email, campaign_id

),

final as (

    select
        sends.send_id,
        recipients.customer_id,
        coalesce(recipients.is_test, false) as is_test,
        sends.campaign_id,
        sends.campaign_name,
        sends.sent_at,
        responses.first_open_at as opened_at,
        responses.first_click_at as clicked_at,
        coalesce(responses.first_open_at <= sends.response_window_end_at, false) as is_opened,
        coalesce(responses.first_click_at <= sends.response_window_end_at, false) as is_clicked,
        sends.response_window_end_at <= bounds.data_end_at as is_outcome_known
    from sends
    cross join {{ ref('int_data_bounds') }} as bounds
    left join responses on {{ join_on('sends', 'responses', ['email', 'campaign_id']) }}
    left join {{ ref('int_email_owners') }} as recipients on sends.email = recipients.email

)

select * from final
