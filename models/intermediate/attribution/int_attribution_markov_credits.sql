{#- One row per (converted journey, touchpoint) with the touchpoint's Markov credit: the journey's
    conversion split over its channels in proportion to their removal effects
    (int_markov_removal_effects), evenly over the touchpoints of one channel; a journey whose
    channels all have a zero removal effect falls back to linear. Per journey the credits sum to 1.
    The removal effects come from all journeys, and every delivery moves them: this table is
    computed whole at every build (a sixth of the attribution rows; the rule-based five are
    int_attribution_rule_credits, incremental by customer).
    A credit is a function of the journey and channel alone: it is worked out once per (journey,
    channel), from grouped counts, and joined to the touches. Two window counts over every touch
    (per journey, per journey and channel) and a distinct of the journeys' channels took 10.9 s of
    a 1M-person build's query; grouped, 3.8 s. A journey's sum of removal effects is added
    exactly (exact_sum), so no row order moves its last bits. -#}

with

journey_channels as (

    -- a converted journey's channels, with their touches and removal effect
    select
        touches.journey_id,
        touches.channel,
        count(*) as channel_touch_count,
        coalesce(any_value(removal_effects.removal_effect), 0) as removal_effect
    from {{ ref('int_journey_touchpoints') }} as touches
    left join {{ ref('int_markov_removal_effects') }} as removal_effects
        on touches.channel = removal_effects.channel
    where touches.is_converted
    group by touches.journey_id, touches.channel

),

journey_effects as (

    -- per journey: its touches, and the sum of removal effects over its distinct channels
    select
        journey_id,
        sum(channel_touch_count) as touch_count,
        {{ exact_sum('removal_effect') }} as effect_total
    from journey_channels
    group by journey_id

),

channel_credits as (

    -- the credit of each touch of a (journey, channel)
    select
        journey_channels.journey_id,
        journey_channels.channel,
        cast(
            case
                when journey_effects.effect_total > 0
                    then
                        journey_channels.removal_effect / journey_effects.effect_total
                        / journey_channels.channel_touch_count
                else 1.0 / journey_effects.touch_count
            end as double
        ) as credit
    from journey_channels
    inner join journey_effects on journey_channels.journey_id = journey_effects.journey_id

)

select
    touches.journey_id,
    touches.touchpoint_id,
    touches.channel,
    'markov' as model,
    channel_credits.credit,
    cast(channel_credits.credit * coalesce(touches.journey_revenue_usd, 0) as decimal(18, 2)) as revenue_credit_usd
from {{ ref('int_journey_touchpoints') }} as touches
inner join channel_credits
    on
        touches.journey_id = channel_credits.journey_id
        and touches.channel = channel_credits.channel
where touches.is_converted
