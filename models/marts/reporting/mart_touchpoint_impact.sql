{#- Stamps of authenticity and negative touchpoints: for each touchpoint type and outcome, the
    outcome rate of people who had the touch vs comparable people who had not (yet) had it.
    Associations, not causal effects: see mart_touchpoint_impact.yml for the method and caveats. -#}

with

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}
    where customer_id is not null

),

next_conversion as (

    select * from {{ ref('fct_touchpoint_next_conversions') }}

),

terms as (

    select * from {{ ref('fct_membership_terms') }}

),

as_of as (

    select (select bounds.data_end_date from {{ ref('int_data_bounds') }} as bounds) as as_of_date

),

catalog as (

    select * from {{ ref('touchpoint_catalog') }}

),

-- index moments -------------------------------------------------------------------------------

exposures as (

    -- the first touch of each type per person is the exposed index moment
    select
        customer_id,
        touchpoint_type,
        arg_min(touchpoint_id, (occurred_at, touchpoint_id)) as touchpoint_id,
        min(occurred_at) as index_at
    from touchpoints
    group by customer_id, touchpoint_type

),

activity as (

    -- the comparison pool: each person's first touch of every month they were active in
    select
        customer_id,
        cast(date_trunc('month', occurred_at) as date) as month,
        arg_min(touchpoint_id, (occurred_at, touchpoint_id)) as touchpoint_id,
        min(occurred_at) as index_at
    from touchpoints
    group by customer_id, cast(date_trunc('month', occurred_at) as date)

),

index_moments as (

    select
        'exposed' as kind,
        customer_id,
        touchpoint_type,
        cast(date_trunc('month', index_at) as date) as month,
        touchpoint_id,
        index_at
    from exposures
    union all
    select
        'pool' as kind,
        customer_id,
        null as touchpoint_type,
        month,
        touchpoint_id,
        index_at
    from activity

),

-- outcomes of every index moment --------------------------------------------------------------

member_at_index as (

    select
        index_moments.kind,
        index_moments.touchpoint_id,
        index_moments.touchpoint_type
    from index_moments
    inner join terms
        on
            index_moments.customer_id = terms.customer_id
            and cast(index_moments.index_at as date) between terms.term_start and terms.active_until
    group by all

),

membership_ends as (

    select
        customer_id,
        coalesce(cancelled_on, term_end) as ended_on
    from terms
    where term_outcome in ('lapsed', 'cancelled')

),

churned as (

    select
        index_moments.kind,
        index_moments.touchpoint_id,
        index_moments.touchpoint_type
    from index_moments
    inner join membership_ends
        on
            index_moments.customer_id = membership_ends.customer_id
            and membership_ends.ended_on >= cast(index_moments.index_at as date)
            and membership_ends.ended_on
            <= cast(index_moments.index_at as date) + {{ var('impact_churn_window_days') }}
    group by all

),

index_outcomes as (

    select
        index_moments.*,
        -- conversion: any conversion within the window after the index touch (the touch excluded)
        index_moments.index_at + to_days({{ var('impact_conversion_window_days') }})
        <= cast(as_of.as_of_date as timestamp) as conversion_observable,
        coalesce(
            next_conversion.next_conversion_at
            <= index_moments.index_at + to_days({{ var('impact_conversion_window_days') }}),
            false
        ) as converted,
        -- churn: among members at the index moment, the membership ends (lapse or cancel) in the window
        member_at_index.touchpoint_id is not null as is_member_at_index,
        cast(index_moments.index_at as date)
        + {{ var('impact_churn_window_days') }} + {{ var('membership_grace_days') }}
        <= as_of.as_of_date as churn_observable,
        churned.touchpoint_id is not null as churned
    from index_moments
    cross join as_of
    left join next_conversion on index_moments.touchpoint_id = next_conversion.touchpoint_id
    left join member_at_index
        on
            index_moments.kind = member_at_index.kind
            and index_moments.touchpoint_id = member_at_index.touchpoint_id
            and index_moments.touchpoint_type is not distinct from member_at_index.touchpoint_type
    left join churned
        on
            index_moments.kind = churned.kind
            and index_moments.touchpoint_id = churned.touchpoint_id
            and index_moments.touchpoint_type is not distinct from churned.touchpoint_type

),

outcome_rows as (

    select
        kind,
        customer_id,
        touchpoint_type,
        month,
        index_at,
        'conversion' as outcome,
        {{ var('impact_conversion_window_days') }} as window_days,
        converted as had_outcome
    from index_outcomes
    where conversion_observable
    union all
    select
        kind,
        customer_id,
        touchpoint_type,
        month,
        index_at,
        'churn' as outcome,
        {{ var('impact_churn_window_days') }} as window_days,
        churned as had_outcome
    from index_outcomes
    where churn_observable and is_member_at_index

),

-- exposed vs comparable, month by month -------------------------------------------------------

exposed_by_month as (

    select
        touchpoint_type,
        outcome,
        any_value(window_days) as window_days,
        month,
        count(*) as exposed,
        count(*) filter (where had_outcome) as exposed_outcomes
    from outcome_rows
    where kind = 'exposed'
    group by touchpoint_type, outcome, month

),

pool_by_month as (

    select
        outcome,
        month,
        count(*) as pool,
        count(*) filter (where had_outcome) as pool_outcomes
    from outcome_rows
    where kind = 'pool'
    group by outcome, month

),

pool_already_exposed as (

    -- pool moments of people who had the touch type at or before that moment: not comparable
    select
        exposures.touchpoint_type,
        pool_rows.outcome,
        pool_rows.month,
        count(*) as pool,
        count(*) filter (where pool_rows.had_outcome) as pool_outcomes
    from outcome_rows as pool_rows
    inner join exposures
        on pool_rows.customer_id = exposures.customer_id and pool_rows.index_at >= exposures.index_at
    where pool_rows.kind = 'pool'
    group by exposures.touchpoint_type, pool_rows.outcome, pool_rows.month

),

monthly_comparison as (

    select
        exposed_by_month.touchpoint_type,
        exposed_by_month.outcome,
        exposed_by_month.window_days,
        exposed_by_month.month,
        exposed_by_month.exposed,
        exposed_by_month.exposed_outcomes,
        pool_by_month.pool - coalesce(pool_already_exposed.pool, 0) as comparable,
        pool_by_month.pool_outcomes - coalesce(pool_already_exposed.pool_outcomes, 0) as comparable_outcomes
    from exposed_by_month
    inner join pool_by_month
        on exposed_by_month.outcome = pool_by_month.outcome and exposed_by_month.month = pool_by_month.month
    left join pool_already_exposed
        on
            exposed_by_month.touchpoint_type = pool_already_exposed.touchpoint_type
            and exposed_by_month.outcome = pool_already_exposed.outcome
            and exposed_by_month.month = pool_already_exposed.month

),

windowed_outcomes as (

    -- baseline standardized to the exposed people's months: sum over months of
    -- exposed_m x (comparable rate in month m), over the exposed in months that have comparables
    select
        touchpoint_type,
        outcome,
        any_value(window_days) as window_days,
        sum(exposed) as exposed,
        sum(exposed_outcomes) as exposed_outcomes,
        sum(comparable) as comparable,
        sum(comparable_outcomes) as comparable_outcomes,
        sum(exposed * comparable_outcomes / comparable) as expected_outcomes
    from monthly_comparison
    where comparable > 0
    group by touchpoint_type, outcome

),

-- membership renewal: term by term --------------------------------------------------------------

decided_terms as (

    select * from terms
    where term_outcome in ('renewed', 'lapsed', 'cancelled')

),

term_exposure as (

    select
        decided_terms.membership_event_id,
        touchpoints.touchpoint_type
    from decided_terms
    inner join touchpoints
        on
            decided_terms.customer_id = touchpoints.customer_id
            -- touches before the renewal decision: renewals come in the term's last weeks
            and cast(touchpoints.occurred_at as date) between decided_terms.term_start
            and decided_terms.term_end - {{ var('impact_renewal_decision_days') }}
    group by all

),

term_types as (

    select distinct touchpoint_type from term_exposure

),

renewal as (

    select
        term_types.touchpoint_type,
        'membership_renewal' as outcome,
        365 as window_days,
        count(distinct decided_terms.customer_id) filter (where term_exposure.membership_event_id is not null)
            as exposed_customers,
        count(*) filter (where term_exposure.membership_event_id is not null) as exposed,
        count(*) filter (where term_exposure.membership_event_id is not null and decided_terms.is_renewed)
            as exposed_outcomes,
        count(*) filter (where term_exposure.membership_event_id is null) as comparable,
        count(*) filter (where term_exposure.membership_event_id is null and decided_terms.is_renewed)
            as comparable_outcomes
    from term_types
    cross join decided_terms
    left join term_exposure
        on
            decided_terms.membership_event_id = term_exposure.membership_event_id
            and term_types.touchpoint_type = term_exposure.touchpoint_type
    group by term_types.touchpoint_type

),

combined as (

    select
        windowed_outcomes.touchpoint_type,
        windowed_outcomes.outcome,
        windowed_outcomes.window_days,
        -- one exposed moment per person (the first touch of the type)
        windowed_outcomes.exposed as exposed_customers,
        windowed_outcomes.exposed,
        windowed_outcomes.exposed_outcomes,
        windowed_outcomes.comparable,
        windowed_outcomes.exposed_outcomes / windowed_outcomes.exposed as exposed_outcome_rate,
        windowed_outcomes.expected_outcomes / windowed_outcomes.exposed as baseline_outcome_rate
    from windowed_outcomes
    union all
    select
        touchpoint_type,
        outcome,
        window_days,
        exposed_customers,
        exposed,
        exposed_outcomes,
        comparable,
        exposed_outcomes / exposed as exposed_outcome_rate,
        case when comparable > 0 then comparable_outcomes / comparable end as baseline_outcome_rate
    from renewal
    where exposed > 0

),

smoothed as (

    -- rates with half an outcome added (Jeffreys-style), so that rates of 0 or 1 in small groups
    -- still get an honest, wide interval
    select
        *,
        (exposed_outcomes + 0.5) / (exposed + 1) as exposed_rate_smoothed,
        (baseline_outcome_rate * comparable + 0.5) / (comparable + 1) as baseline_rate_smoothed
    from combined
    where comparable > 0

),

with_lift as (

    -- Katz log interval of a risk ratio (95 %) on the smoothed rates
    select
        *,
        case when baseline_outcome_rate > 0 then exposed_outcome_rate / baseline_outcome_rate - 1 end as lift,
        ln(exposed_rate_smoothed / baseline_rate_smoothed) as log_ratio_adjusted,
        sqrt(
            (1 - exposed_rate_smoothed) / (exposed * exposed_rate_smoothed)
            + (1 - baseline_rate_smoothed) / (comparable * baseline_rate_smoothed)
        ) as log_ratio_se
    from smoothed

)

select
    with_lift.touchpoint_type,
    with_lift.outcome,
    with_lift.window_days,
    cast(with_lift.exposed_customers as bigint) as exposed_customers,
    cast(with_lift.exposed as bigint) as exposed_moments,
    cast(with_lift.comparable as bigint) as comparable_moments,
    with_lift.exposed_outcome_rate,
    with_lift.baseline_outcome_rate,
    with_lift.lift,
    exp(with_lift.log_ratio_adjusted - 1.96 * with_lift.log_ratio_se) - 1 as lift_low,
    exp(with_lift.log_ratio_adjusted + 1.96 * with_lift.log_ratio_se) - 1 as lift_high,
    coalesce(catalog.is_negative, false) as is_negative_touch,
    catalog.department,
    with_lift.exposed >= {{ var('impact_min_exposed') }} as is_reliable
from with_lift
left join catalog on with_lift.touchpoint_type = catalog.touchpoint_type
