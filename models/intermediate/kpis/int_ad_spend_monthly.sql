{#- Ad spend per month x channel x campaign: the clicks of the ad platforms that could be converted to
    USD (int_ad_clicks_converted; the others are quarantined with their reason) and their cost. The
    channel and campaign are the ones the clicks carry as touchpoints (int_touchpoints_unioned), so
    spend and attributed return meet on the same names. Print mail has no cost in the raw contract:
    it has no spend here. -#}

with

touchpoints as (

    select * from {{ ref('int_touchpoints_unioned') }}
    where source_system = 'ads'

),

clicks_named as (

    select
        ad_clicks.click_id,
        ad_clicks.cost_usd,
        touchpoints.channel,
        touchpoints.campaign,
        cast({{ dbt.date_trunc('month', 'touchpoints.occurred_at') }} as date) as month_start
    from {{ ref('int_ad_clicks_converted') }} as ad_clicks
    inner join touchpoints on ad_clicks.click_id = touchpoints.source_record_id

),

monthly as (

    select
        month_start,
        channel,
        campaign,
        count(*) as clicks,
        sum(cost_usd) as cost_usd
    from clicks_named
    group by month_start, channel, campaign

)

select * from monthly
