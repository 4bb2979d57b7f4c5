{#- Spend and return of the ad channels: per attribution model x month x channel x campaign, the ad
    cost (fct_ad_spend) against the conversions and revenue attributed to the clicks of that month
    and campaign (fct_attribution), as cost per conversion and return on ad spend (ROAS). The
    conversions of a channel are its conversions in mart_channel_attribution (for Markov: the
    removal effects), shared among its months and campaigns in proportion to their credits; the
    channel's bootstrap interval is carried to each row in proportion. Print mail has no cost in the
    raw contract: it is not here. -#}

with

spend as (

    select * from {{ ref('fct_ad_spend') }}

),

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}
    where channel in ('paid_search', 'paid_social')

),

intervals as (

    select * from {{ ref('fct_attribution_intervals') }}

),

ad_campaigns as (

    select distinct
        channel,
        campaign,
        {{ campaign_key('campaign') }} as campaign_key
    from spend

),

credited_touches as (

    -- every touch of the paid channels: the ad clicks, the visits they brought (their utm_campaign
    -- names the ad campaign) and the conversions of those visits, summed per campaign name first:
    -- matched to the ad campaigns below per name, not per touch (1M people: the model 4.2-5.3 -> 3.4 s)
    select
        attribution.model,
        cast({{ dbt.date_trunc('month', 'touchpoints.occurred_at') }} as date) as month_start,
        touchpoints.channel,
        touchpoints.campaign,
        {{ exact_sum('attribution.credit') }} as credit,
        sum(attribution.revenue_credit_usd) as revenue_usd
    from {{ ref('fct_attribution') }} as attribution
    inner join touchpoints on attribution.touchpoint_id = touchpoints.touchpoint_id
    group by
        attribution.model,
        cast({{ dbt.date_trunc('month', 'touchpoints.occurred_at') }} as date),
        touchpoints.channel,
        touchpoints.campaign

),

credited as (

    -- a touch that names no ad campaign counts under '(no ad campaign)'
    select
        credited_touches.model,
        credited_touches.month_start,
        credited_touches.channel,
        coalesce(ad_campaigns.campaign, '(no ad campaign)') as campaign,
        {{ exact_sum('credited_touches.credit') }} as credit,
        sum(credited_touches.revenue_usd) as revenue_usd
    from credited_touches
    left join ad_campaigns
        on
            credited_touches.channel = ad_campaigns.channel
            and {{ campaign_key('credited_touches.campaign') }} = ad_campaigns.campaign_key
    group by
        credited_touches.model,
        credited_touches.month_start,
        credited_touches.channel,
        coalesce(ad_campaigns.campaign, '(no ad campaign)')

),

models as (

    select distinct model from {{ ref('fct_attribution') }}

),

cells as (

    -- every spend cell under every model, and every credited cell (a click whose cost could not be
    -- converted still earns credit)
    select
        models.model,
        spend.month_start,
        spend.channel,
        spend.campaign
    from spend
    cross join models
    union
    select
        model,
        month_start,
        channel,
        campaign
    from credited

),

channel_totals as (

    -- the channel's conversions as the Attribution page states them, with their interval
    select
        credited.model,
        credited.channel,
        {{ exact_sum('credited.credit') }} as credit,
        case
            when credited.model = 'markov' then max(removal_effects.markov_conversions)
            else {{ exact_sum('credited.credit') }}
        end as conversions,
        max(intervals.conversions_low) as conversions_low,
        max(intervals.conversions_high) as conversions_high
    from credited
    left join {{ ref('fct_markov_removal_effects') }} as removal_effects on credited.channel = removal_effects.channel
    left join intervals on {{ join_on('credited', 'intervals', ['model', 'channel']) }}
    group by credited.model, credited.channel

),

shared as (

    select
        cells.model,
        cells.month_start,
        cells.channel,
        cells.campaign,
        coalesce(spend.clicks, 0) as clicks,
        coalesce(spend.cost_usd, 0) as cost_usd,
        coalesce(credited.credit, 0) * channel_totals.conversions / nullif(channel_totals.credit, 0) as conversions,
        coalesce(credited.credit, 0) * channel_totals.conversions_low / nullif(channel_totals.credit, 0)
            as conversions_low,
        coalesce(credited.credit, 0) * channel_totals.conversions_high / nullif(channel_totals.credit, 0)
            as conversions_high,
        coalesce(credited.revenue_usd, 0) as revenue_usd
    from cells
    left join spend on {{ join_on('cells', 'spend', ['month_start', 'channel', 'campaign']) }}
    left join credited on {{ join_on('cells', 'credited', ['model', 'month_start', 'channel', 'campaign']) }}
    left join channel_totals on {{ join_on('cells', 'channel_totals', ['model', 'channel']) }}

),

final as (

    select
        model,
        month_start,
        channel,
        campaign,
        clicks,
        cast(cost_usd as decimal(18, 2)) as cost_usd,
        coalesce(conversions, 0) as conversions,
        conversions_low,
        conversions_high,
        cast(revenue_usd as decimal(18, 2)) as revenue_usd,
        -- no cost per conversion where there is no cost (touches that name no ad campaign)
        nullif(cost_usd, 0) / nullif(conversions, 0) as cost_per_conversion_usd,
        nullif(cost_usd, 0) / nullif(conversions_high, 0) as cost_per_conversion_low_usd,
        nullif(cost_usd, 0) / nullif(conversions_low, 0) as cost_per_conversion_high_usd,
        revenue_usd / nullif(cost_usd, 0) as roas
    from shared

)

select * from final
