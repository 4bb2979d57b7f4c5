{#- Touchpoint KPIs per month x touchpoint type x channel x department (see the YAML for every
    definition). Counts of people are distinct within the row, so they do not add up across rows. -#}

with

touchpoints as (

    -- the columns this model reads from the wide fact
    select
        touchpoint_id,
        customer_id,
        occurred_at,
        touchpoint_type,
        channel,
        department,
        lifecycle_stage,
        is_conversion,
        is_negative,
        revenue_usd
    from {{ ref('fct_touchpoints') }}

),

linear_attribution as (

    select * from {{ ref('fct_attribution') }}
    where model = 'linear'

),

linear_credit as (

    select
        touchpoint_id,
        sum(credit) as credit,
        sum(revenue_credit_usd) as revenue_credit_usd
    from linear_attribution
    group by touchpoint_id

),

survey_scores as (

    -- one row per (touchpoint, response): a response linked by both rules counts once
    select distinct
        touchpoint_id,
        response_id,
        survey_type,
        score
    from {{ ref('fct_touchpoint_survey_links') }}

),

touch_surveys as (

    select
        touchpoint_id,
        count(*) filter (where survey_type = 'nps') as nps_responses,
        count(*) filter (where survey_type = 'nps' and score >= 9) as nps_promoters,
        count(*) filter (where survey_type = 'nps' and score <= 6) as nps_detractors,
        count(*) filter (where survey_type in ('csat', 'post_event')) as csat_responses,
        count(*) filter (where survey_type in ('csat', 'post_event') and score >= 4) as csat_satisfied
    from survey_scores
    group by touchpoint_id

),

monthly as (

    select
        cast(date_trunc('month', touchpoints.occurred_at) as date) as month,
        touchpoints.touchpoint_type,
        touchpoints.channel,
        touchpoints.department,
        any_value(touchpoints.lifecycle_stage) as lifecycle_stage,
        bool_or(touchpoints.is_negative) as is_negative,
        count(*) as touchpoints,
        count(touchpoints.customer_id) as known_touchpoints,
        count(distinct touchpoints.customer_id) as reached_customers,
        count(*) filter (where next_conversion.is_followed_by_conversion) as converted_touchpoints,
        count(*) filter (where touchpoints.is_conversion) as conversions,
        cast(coalesce(sum(touchpoints.revenue_usd), 0) as decimal(18, 2)) as revenue_usd,
        coalesce(sum(linear_credit.credit), 0) as linear_attributed_conversions,
        cast(coalesce(sum(linear_credit.revenue_credit_usd), 0) as decimal(18, 2)) as linear_attributed_revenue_usd,
        cast(coalesce(sum(touch_surveys.nps_responses), 0) as bigint) as nps_responses,
        cast(coalesce(sum(touch_surveys.nps_promoters), 0) as bigint) as nps_promoters,
        cast(coalesce(sum(touch_surveys.nps_detractors), 0) as bigint) as nps_detractors,
        cast(coalesce(sum(touch_surveys.csat_responses), 0) as bigint) as csat_responses,
        cast(coalesce(sum(touch_surveys.csat_satisfied), 0) as bigint) as csat_satisfied
    from touchpoints
    left join {{ ref('fct_touchpoint_next_conversions') }} as next_conversion
        on touchpoints.touchpoint_id = next_conversion.touchpoint_id
    left join linear_credit on touchpoints.touchpoint_id = linear_credit.touchpoint_id
    left join touch_surveys on touchpoints.touchpoint_id = touch_surveys.touchpoint_id
    group by all

)

select
    month,
    touchpoint_type,
    channel,
    department,
    lifecycle_stage,
    is_negative,
    touchpoints,
    known_touchpoints,
    reached_customers,
    converted_touchpoints,
    case when known_touchpoints > 0 then converted_touchpoints / known_touchpoints end as conversion_rate,
    conversions,
    revenue_usd,
    linear_attributed_conversions,
    linear_attributed_revenue_usd,
    nps_responses,
    case
        when nps_responses > 0 then 100.0 * (nps_promoters - nps_detractors) / nps_responses
    end as nps,
    csat_responses,
    case when csat_responses > 0 then csat_satisfied / csat_responses end as csat,
    nps_promoters,
    nps_detractors,
    csat_satisfied
from monthly
