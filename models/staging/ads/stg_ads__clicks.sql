with

clicks as (

    select * from {{ ref('base_ads__clicks') }}

),

staged as (

    select
        click_id,
        platform,
        campaign_name,
        ad_group,
        clicked_at,
        click_time_local,
        account_timezone,
        cost_micros,
        currency,
        _line_number as source_line_number
    from clicks
    where dq_status = 'staged'

)

select * from staged
