{#- One row per (converted journey, touchpoint) with the touchpoint's Markov credit: the journey's
    conversion split over its channels in proportion to their removal effects
    (int_markov_removal_effects), evenly over the touchpoints of one channel; a journey whose
    channels all have a zero removal effect falls back to linear. Per journey the credits sum to 1.
    The removal effects come from all journeys, and every delivery moves them: this table is
    computed whole at every build (a sixth of the attribution rows; the rule-based five are
    int_attribution_rule_credits, incremental by customer). -#}

with

converted_touches as (

    select
        journey_touchpoints.journey_id,
        journey_touchpoints.touchpoint_id,
        journey_touchpoints.channel,
        coalesce(journey_touchpoints.journey_revenue_usd, 0) as journey_revenue_usd,
        coalesce(removal_effects.removal_effect, 0) as removal_effect,
        count(*) over (partition by journey_touchpoints.journey_id) as touch_count,
        count(*) over (
            partition by journey_touchpoints.journey_id, journey_touchpoints.channel
        ) as channel_touch_count
    from {{ ref('int_journey_touchpoints') }} as journey_touchpoints
    left join {{ ref('int_markov_removal_effects') }} as removal_effects
        on journey_touchpoints.channel = removal_effects.channel
    where journey_touchpoints.is_converted

),

journey_effects as (

    -- sum of removal effects over the journey's distinct channels
    select
        journey_id,
        sum(removal_effect) as effect_total
    from (
        select distinct
            journey_id,
            channel,
            removal_effect
        from converted_touches
    ) as distinct_channels
    group by journey_id

),

final as (

    select
        touches.journey_id,
        touches.touchpoint_id,
        touches.channel,
        'markov' as model,
        cast(
            case
                when effects.effect_total > 0
                    then touches.removal_effect / effects.effect_total / touches.channel_touch_count
                else 1.0 / touches.touch_count
            end as double
        ) as credit,
        touches.journey_revenue_usd
    from converted_touches as touches
    inner join journey_effects as effects on touches.journey_id = effects.journey_id

)

select
    journey_id,
    touchpoint_id,
    channel,
    model,
    credit,
    cast(credit * journey_revenue_usd as decimal(18, 2)) as revenue_credit_usd
from final
