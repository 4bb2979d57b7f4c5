{#- The index moments of the touchpoint impact (see the touchpoint_impact doc block): for a
    campaign send, each recipient at their piece and each eligible non-recipient (a CRM record in
    a country the campaign went to, known by the send date) at the send date; for other touches,
    the person's first touch, against the pool of each person's first touch of every month they
    were active in. kind: exposed, comparison (campaigns) or pool (touchpoint_type and
    touch_segment empty). The touches, exposures and customers are read where they are used, not
    through import CTEs: DuckDB keeps a CTE read more than once whole in memory. -#}

with

known_since as (

    -- when the organisation first heard from a person (a campaign send is not hearing from them)
    select
        customer_id,
        min(occurred_at) as known_since
    from {{ ref('int_impact_touches') }}
    where touch_segment = 'all' and not is_outbound
    group by customer_id

),

campaigns as (

    select
        touchpoint_type,
        campaign,
        min(occurred_at) as sent_at
    from {{ ref('int_impact_touches') }}
    where touch_segment = 'all' and is_outbound and campaign is not null
    group by touchpoint_type, campaign

),

campaign_countries as (

    select distinct
        touchpoints.touchpoint_type,
        touchpoints.campaign,
        customers.country_code
    from {{ ref('int_impact_touches') }} as touchpoints
    inner join {{ ref('int_customer_profiles') }} as customers on touchpoints.customer_id = customers.customer_id
    where touchpoints.touch_segment = 'all' and touchpoints.is_outbound and touchpoints.campaign is not null

),

campaign_eligible as (

    -- who could have been sent the campaign: people with a CRM record in a country it went to,
    -- known to the organisation by the send date
    select
        campaigns.touchpoint_type,
        campaigns.campaign,
        campaigns.sent_at,
        customers.customer_id
    from campaigns
    inner join campaign_countries on {{ join_on('campaigns', 'campaign_countries', ['touchpoint_type', 'campaign']) }}
    inner join {{ ref('int_customer_profiles') }} as customers
        on campaign_countries.country_code = customers.country_code
    inner join known_since on customers.customer_id = known_since.customer_id
    where customers.crm_record_count > 0 and known_since.known_since <= campaigns.sent_at

),

campaign_segments as (

    select 'all' as touch_segment
    union all
    select 'campaign' as touch_segment

),

campaign_moments as (

    -- recipients at their piece, eligible non-recipients at the send date; both under the
    -- campaign's touch (all campaigns) and under the campaign itself
    select
        exposures.customer_id,
        exposures.touchpoint_type,
        exposures.touch_segment,
        exposures.campaign as stratum,
        'campaign' as design,
        'exposed' as kind,
        exposures.touchpoint_id,
        exposures.index_at
    from {{ ref('int_impact_exposures') }} as exposures
    inner join campaign_eligible
        on {{ join_on('exposures', 'campaign_eligible', ['customer_id', 'touchpoint_type', 'campaign']) }}
    where exposures.is_outbound
    union all
    select
        campaign_eligible.customer_id,
        campaign_eligible.touchpoint_type,
        campaign_segments.touch_segment,
        campaign_eligible.campaign as stratum,
        'campaign' as design,
        'comparison' as kind,
        '' as touchpoint_id,
        campaign_eligible.sent_at as index_at
    from campaign_eligible
    cross join campaign_segments
    left join {{ ref('int_impact_exposures') }} as exposures
        on
            {{ join_on('campaign_eligible', 'exposures', ['customer_id', 'touchpoint_type', 'campaign']) }}
            and exposures.touch_segment = 'all'
    where exposures.customer_id is null

),

activity_moments as (

    -- other touches: the exposed person's first touch against the pool of each person's first
    -- touch of every month they were active in
    select
        customer_id,
        touchpoint_type,
        touch_segment,
        cast(cast(date_trunc('month', index_at) as date) as varchar) as stratum,
        'activity' as design,
        'exposed' as kind,
        touchpoint_id,
        index_at
    from {{ ref('int_impact_exposures') }}
    where not is_outbound
    union all
    select
        customer_id,
        null as touchpoint_type,
        null as touch_segment,
        cast(cast(date_trunc('month', occurred_at) as date) as varchar) as stratum,
        'activity' as design,
        'pool' as kind,
        arg_min(touchpoint_id, (occurred_at, touchpoint_id)) as touchpoint_id,
        min(occurred_at) as index_at
    from {{ ref('int_impact_touches') }}
    where touch_segment = 'all'
    group by customer_id, cast(cast(date_trunc('month', occurred_at) as date) as varchar)

)

select
    customer_id,
    touchpoint_type,
    case when touch_segment = 'campaign' then stratum else touch_segment end as touch_segment,
    stratum,
    design,
    kind,
    touchpoint_id,
    index_at
from campaign_moments
union all
select * from activity_moments
