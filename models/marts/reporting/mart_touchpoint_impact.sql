{#- Stamps of authenticity and negative touchpoints: for each touch and outcome, the outcome rate of
    people who had the touch against comparable people who had not (yet) had it, standardized over
    strata of what drives both exposure and outcome. A touch is a touchpoint type (touch_segment
    'all'), and also an event type for event touches and a campaign for campaign sends.
    Associations, not causal effects: see the touchpoint_impact doc block for the method. The
    counts per stratum are built in models/intermediate/impact and published as the core
    fct_touchpoint_impact_cells: every number here can be rebuilt from them. -#}

{%- set conversion_window = var('impact_conversion_window_days') -%}
{%- set churn_window = var('impact_churn_window_days') -%}

with

standardized as (

    -- the comparison rate stratum by stratum, weighted by the exposed moments of each stratum
    -- (direct standardization); rates smoothed by half an outcome for the lift and its interval
    select
        touchpoint_type,
        touch_segment,
        outcome,
        max(exposed_customers) as exposed_customers,
        sum(exposed) as exposed,
        sum(exposed_outcomes) as exposed_outcomes,
        sum(comparable) as comparable,
        -- the expected outcomes and their variance, sums of doubles, added exactly (exact_sum)
        {{ exact_sum('exposed * comparable_outcomes / comparable') }} as expected_outcomes,
        {{ exact_sum('exposed * (comparable_outcomes + 0.5) / (comparable + 1)') }} as expected_smoothed,
        {{ exact_sum(
            'exposed * exposed
            * ((comparable_outcomes + 0.5) / (comparable + 1)) * (1 - (comparable_outcomes + 0.5) / (comparable + 1))
            / (comparable + 1)', integer_digits=20) }} as expected_variance
    from {{ ref('fct_touchpoint_impact_cells') }}
    where comparable > 0 and exposed > 0
    group by touchpoint_type, touch_segment, outcome

),

rates as (

    select
        standardized.*,
        (standardized.exposed_outcomes + 0.5) / (standardized.exposed + 1) as exposed_rate_smoothed,
        standardized.expected_smoothed / standardized.exposed as baseline_rate_smoothed,
        standardized.expected_variance / (standardized.exposed * standardized.exposed) as baseline_variance
    from standardized

),

with_lift as (

    -- log rate ratio on the smoothed rates, its standard error by the delta method (Katz for two
    -- plain groups): the lift and its 95 % interval come from the same estimate
    select
        *,
        ln(exposed_rate_smoothed / baseline_rate_smoothed) as log_ratio,
        sqrt(
            (1 - exposed_rate_smoothed) / ((exposed + 1) * exposed_rate_smoothed)
            + baseline_variance / (baseline_rate_smoothed * baseline_rate_smoothed)
        ) as log_ratio_se
    from rates

)

select
    with_lift.touchpoint_type,
    with_lift.touch_segment,
    with_lift.outcome,
    case
        when with_lift.outcome = 'membership_renewal' then 365
        when with_lift.outcome = 'churn' then {{ churn_window }}
        else {{ conversion_window }}
    end as window_days,
    case
        when with_lift.outcome = 'membership_renewal' then 'terms without the touch'
        when touchpoint_catalog.is_outbound then 'eligible for the same campaign, not sent it'
        else 'people active in the same months, not yet touched'
    end as comparison_group,
    cast(with_lift.exposed_customers as bigint) as exposed_customers,
    cast(with_lift.exposed as bigint) as exposed_moments,
    cast(with_lift.comparable as bigint) as comparable_moments,
    with_lift.exposed_outcomes / with_lift.exposed as exposed_outcome_rate,
    with_lift.expected_outcomes / with_lift.exposed as baseline_outcome_rate,
    exp(with_lift.log_ratio) - 1 as lift,
    exp(with_lift.log_ratio - 1.96 * with_lift.log_ratio_se) - 1 as lift_low,
    exp(with_lift.log_ratio + 1.96 * with_lift.log_ratio_se) - 1 as lift_high,
    coalesce(touchpoint_catalog.is_negative, false) as is_negative_touch,
    touchpoint_catalog.department,
    with_lift.exposed >= {{ var('impact_min_exposed') }} as is_reliable,
    {{ var('impact_min_exposed') }} as reliable_from_exposed
from with_lift
left join {{ ref('touchpoint_catalog') }} as touchpoint_catalog
    on with_lift.touchpoint_type = touchpoint_catalog.touchpoint_type
