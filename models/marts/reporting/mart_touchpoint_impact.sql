{#- Stamps of authenticity and negative touchpoints: for each touch and outcome, the outcome rate of
    people who had the touch against comparable people who had not (yet) had it, standardized over
    strata of what drives both exposure and outcome. A touch is a touchpoint type (touch_segment
    'all'), and also an event type for event touches and a campaign for campaign sends.
    Associations, not causal effects: see the touchpoint_impact doc block for the method. -#}

{%- set conversion_window = var('impact_conversion_window_days') -%}
{%- set churn_window = var('impact_churn_window_days') -%}
{%- set cell_keys = ['touchpoint_type', 'touch_segment', 'outcome', 'stratum'] -%}

with

touchpoints as (

    -- only the columns read below: this CTE is read several times, so DuckDB keeps it whole
    select
        customer_id,
        touchpoint_id,
        touchpoint_type,
        source_system,
        detail,
        campaign,
        occurred_at,
        is_conversion,
        conversion_type
    from {{ ref('fct_touchpoints') }}
    where customer_id is not null

),

-- the touches compared ----------------------------------------------------------------------------

typed_touchpoints as (

    select
        touchpoints.customer_id,
        touchpoints.touchpoint_id,
        touchpoints.touchpoint_type,
        touchpoints.source_system,
        touchpoints.detail,
        touchpoints.campaign,
        touchpoints.occurred_at,
        coalesce(touchpoint_catalog.is_outbound, false) as is_outbound,
        -- a bad experience, not an opinion of one: a survey answer often reacts to the very touch
        -- being measured (a post-event survey), so it is never adjusted for
        coalesce(touchpoint_catalog.is_negative, false) and touchpoints.source_system <> 'surveys' as is_bad_experience
    from touchpoints
    left join {{ ref('touchpoint_catalog') }} as touchpoint_catalog
        on touchpoints.touchpoint_type = touchpoint_catalog.touchpoint_type

),

touch_segments as (

    -- every touchpoint counts under its type ('all'); event touches also under their event type
    -- (conference, webinar, workshop) and campaign sends also under their campaign
    select
        touchpoint_id,
        'all' as touch_segment
    from typed_touchpoints
    union all
    select
        touchpoint_id,
        detail as touch_segment
    from typed_touchpoints
    where source_system = 'events' and detail is not null
    union all
    select
        touchpoint_id,
        campaign as touch_segment
    from typed_touchpoints
    where is_outbound and campaign is not null

),

touches as (

    select
        typed_touchpoints.customer_id,
        typed_touchpoints.touchpoint_id,
        typed_touchpoints.touchpoint_type,
        touch_segments.touch_segment,
        typed_touchpoints.campaign,
        typed_touchpoints.occurred_at,
        typed_touchpoints.is_outbound,
        typed_touchpoints.is_bad_experience
    from typed_touchpoints
    inner join touch_segments on typed_touchpoints.touchpoint_id = touch_segments.touchpoint_id

),

conversions as (

    select
        customer_id,
        touchpoint_id,
        conversion_type,
        occurred_at
    from touchpoints
    where is_conversion

),

known_since as (

    -- when the organisation first heard from a person (a campaign send is not hearing from them)
    select
        customer_id,
        min(occurred_at) as known_since
    from typed_touchpoints
    where not is_outbound
    group by customer_id

),

-- index moments ---------------------------------------------------------------------------------

exposures as (

    -- the first touch per person, or for a campaign send the person's piece of each campaign
    select
        customer_id,
        touchpoint_type,
        touch_segment,
        is_outbound,
        case when is_outbound then campaign end as campaign,
        arg_min(touchpoint_id, (occurred_at, touchpoint_id)) as touchpoint_id,
        min(occurred_at) as index_at
    from touches
    group by customer_id, touchpoint_type, touch_segment, is_outbound, case when is_outbound then campaign end

),

campaigns as (

    select
        touchpoint_type,
        campaign,
        min(occurred_at) as sent_at
    from typed_touchpoints
    where is_outbound and campaign is not null
    group by touchpoint_type, campaign

),

campaign_countries as (

    select distinct
        typed_touchpoints.touchpoint_type,
        typed_touchpoints.campaign,
        customers.country_code
    from typed_touchpoints
    inner join {{ ref('dim_customers') }} as customers on typed_touchpoints.customer_id = customers.customer_id
    where typed_touchpoints.is_outbound and typed_touchpoints.campaign is not null

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
    inner join {{ ref('dim_customers') }} as customers on campaign_countries.country_code = customers.country_code
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
    from exposures
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
    left join exposures
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
    from exposures
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
    from touchpoints
    group by customer_id, cast(cast(date_trunc('month', occurred_at) as date) as varchar)

),

index_moments as (

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

),

-- what each moment was and what followed it ----------------------------------------------------

moments as (

    -- one row per distinct moment, with one key for the joins below
    select distinct
        customer_id || '|' || touchpoint_id || '|' || cast(index_at as varchar) as moment_key,
        customer_id,
        touchpoint_id,
        index_at
    from index_moments

),

member_at_moment as (

    select distinct moments.moment_key
    from moments
    inner join {{ ref('fct_membership_terms') }} as terms
        on
            moments.customer_id = terms.customer_id
            and cast(moments.index_at as date) between terms.term_start and terms.active_until

),

churned as (

    -- among members: the membership ends (lapse or cancel) within the churn window
    select distinct moments.moment_key
    from moments
    inner join {{ ref('fct_membership_terms') }} as terms
        on
            moments.customer_id = terms.customer_id
            and terms.term_outcome in ('lapsed', 'cancelled')
            and coalesce(terms.cancelled_on, terms.term_end) >= cast(moments.index_at as date)
            and coalesce(terms.cancelled_on, terms.term_end)
            <= cast({{ dbt.dateadd('day', churn_window, 'moments.index_at') }} as date)

),

moment_conversions as (

    -- conversions after the moment (the touch itself excluded), within the conversion window. An
    -- inner join, the tie rule a filter after it: as a left join's condition the OR would make
    -- DuckDB compare every moment with every conversion (a nested loop: minutes at 100,000 people)
    select
        moments.moment_key,
        conversions.touchpoint_id,
        conversions.conversion_type
    from moments
    inner join conversions
        on
            moments.customer_id = conversions.customer_id
            and moments.index_at <= conversions.occurred_at
            and {{ dbt.dateadd('day', conversion_window, 'moments.index_at') }} >= conversions.occurred_at
    where moments.index_at < conversions.occurred_at or moments.touchpoint_id < conversions.touchpoint_id

),

followed_by as (

    select
        moments.moment_key,
        count(moment_conversions.touchpoint_id) > 0 as had_conversion,
        count(case when moment_conversions.conversion_type = 'membership_join' then 1 end) > 0 as had_membership_join,
        count(case when moment_conversions.conversion_type = 'donation' then 1 end) > 0 as had_donation,
        count(case when moment_conversions.conversion_type = 'order' then 1 end) > 0 as had_purchase,
        count(case when moment_conversions.conversion_type = 'event_registration' then 1 end) > 0
            as had_event_registration
    from moments
    left join moment_conversions on moments.moment_key = moment_conversions.moment_key
    group by moments.moment_key

),

moment_facts as (

    select
        moments.moment_key,
        member_at_moment.moment_key is not null as is_member,
        coalesce(customers.first_conversion_at < moments.index_at, false) as has_converted_before,
        {{ dbt.dateadd('day', conversion_window, 'moments.index_at') }}
        <= cast(bounds.data_end_date as timestamp) as conversion_observable,
        cast({{ dbt.dateadd('day', churn_window + var('membership_grace_days'), 'moments.index_at') }} as date)
        <= bounds.data_end_date as churn_observable,
        churned.moment_key is not null as churned,
        followed_by.had_conversion,
        followed_by.had_membership_join,
        followed_by.had_donation,
        followed_by.had_purchase,
        followed_by.had_event_registration
    from moments
    cross join {{ ref('int_data_bounds') }} as bounds
    inner join followed_by on moments.moment_key = followed_by.moment_key
    left join {{ ref('dim_customers') }} as customers on moments.customer_id = customers.customer_id
    left join member_at_moment on moments.moment_key = member_at_moment.moment_key
    left join churned on moments.moment_key = churned.moment_key

),

outcomes as (

    {% for outcome in ['conversion', 'membership_join', 'donation', 'purchase', 'event_registration'] -%}
        select
            '{{ outcome }}' as outcome,
            {{ conversion_window }} as window_days
        union all
    {% endfor -%}
    select
        'churn' as outcome,
        {{ churn_window }} as window_days

),

outcome_rows as (

    -- one row per (index moment, outcome) whose outcome window lies inside the data; joining is
    -- an outcome only for non-members, churn only for members
    select
        index_moments.kind,
        index_moments.customer_id,
        index_moments.touchpoint_type,
        index_moments.touch_segment,
        -- the stratum: month (or campaign), member or not, converted before or not
        index_moments.stratum
        || case when moment_facts.is_member then '/member' else '/non-member' end
        || case when moment_facts.has_converted_before then '/converted' else '/new' end as stratum,
        index_moments.design,
        index_moments.index_at,
        outcomes.outcome,
        outcomes.window_days,
        case outcomes.outcome
            when 'conversion' then moment_facts.had_conversion
            when 'membership_join' then moment_facts.had_membership_join
            when 'donation' then moment_facts.had_donation
            when 'purchase' then moment_facts.had_purchase
            when 'event_registration' then moment_facts.had_event_registration
            when 'churn' then moment_facts.churned
        end as had_outcome
    from index_moments
    inner join moment_facts
        on
            index_moments.customer_id || '|' || index_moments.touchpoint_id || '|'
            || cast(index_moments.index_at as varchar) = moment_facts.moment_key
    inner join outcomes
        on
            case
                when outcomes.outcome = 'churn' then moment_facts.churn_observable and moment_facts.is_member
                when outcomes.outcome = 'membership_join'
                    then moment_facts.conversion_observable and not moment_facts.is_member
                else moment_facts.conversion_observable
            end

),

-- exposed against comparable, stratum by stratum -------------------------------------------------

kind_cells as (

    -- moments and outcomes per stratum, for each kind of moment: exposed, pool (touchpoint_type and
    -- touch_segment empty) and campaign comparison
    select
        kind,
        touchpoint_type,
        touch_segment,
        outcome,
        design,
        stratum,
        count(*) as moments,
        count(case when had_outcome then 1 end) as outcomes
    from outcome_rows
    group by kind, touchpoint_type, touch_segment, outcome, design, stratum

),

exposed_cells as (

    select * from kind_cells
    where kind = 'exposed'

),

pool_cells as (

    select * from kind_cells
    where kind = 'pool'

),

pool_already_exposed as (

    -- pool moments of people who had the touch at or before that moment: not comparable
    select
        exposures.touchpoint_type,
        exposures.touch_segment,
        pool_rows.outcome,
        pool_rows.stratum,
        count(*) as pool,
        count(case when pool_rows.had_outcome then 1 end) as pool_outcomes
    from outcome_rows as pool_rows
    inner join exposures
        on pool_rows.customer_id = exposures.customer_id and pool_rows.index_at >= exposures.index_at
    where pool_rows.kind = 'pool' and not exposures.is_outbound
    group by
        exposures.touchpoint_type,
        exposures.touch_segment,
        pool_rows.outcome,
        pool_rows.stratum

),

campaign_comparison_cells as (

    select * from kind_cells
    where kind = 'comparison'

),

cells as (

    select
        exposed_cells.touchpoint_type,
        exposed_cells.touch_segment,
        exposed_cells.outcome,
        exposed_cells.stratum,
        exposed_cells.moments as exposed,
        exposed_cells.outcomes as exposed_outcomes,
        case
            when exposed_cells.design = 'campaign' then coalesce(campaign_comparison_cells.moments, 0)
            else coalesce(pool_cells.moments, 0) - coalesce(pool_already_exposed.pool, 0)
        end as comparable,
        case
            when exposed_cells.design = 'campaign' then coalesce(campaign_comparison_cells.outcomes, 0)
            else coalesce(pool_cells.outcomes, 0) - coalesce(pool_already_exposed.pool_outcomes, 0)
        end as comparable_outcomes
    from exposed_cells
    left join campaign_comparison_cells
        on {{ join_on('exposed_cells', 'campaign_comparison_cells', cell_keys) }}
    left join pool_cells on {{ join_on('exposed_cells', 'pool_cells', ['outcome', 'stratum']) }}
    left join pool_already_exposed
        on {{ join_on('exposed_cells', 'pool_already_exposed', cell_keys) }}

),

exposed_people as (

    -- distinct people behind the exposed moments of strata that have comparables
    select
        outcome_rows.touchpoint_type,
        outcome_rows.touch_segment,
        outcome_rows.outcome,
        count(distinct outcome_rows.customer_id) as exposed_customers
    from outcome_rows
    inner join cells
        on {{ join_on('outcome_rows', 'cells', cell_keys) }}
    where outcome_rows.kind = 'exposed' and cells.comparable > 0
    group by outcome_rows.touchpoint_type, outcome_rows.touch_segment, outcome_rows.outcome

),

-- membership renewal: term by term ---------------------------------------------------------------

decided_terms as (

    -- terms whose outcome would be known whichever it was (fct_membership_terms.is_outcome_known):
    -- otherwise recent terms would count only if renewed, and every recent touch would look helpful
    select * from {{ ref('fct_membership_terms') }}
    where is_outcome_known

),

term_exposure as (

    -- touches before the renewal decision: renewals come in the term's last weeks
    select distinct
        decided_terms.membership_event_id,
        touches.touchpoint_type,
        touches.touch_segment,
        touches.is_bad_experience
    from decided_terms
    inner join touches
        on
            decided_terms.customer_id = touches.customer_id
            and cast(touches.occurred_at as date) between decided_terms.term_start
            and decided_terms.term_end - {{ var('impact_renewal_decision_days') }}

),

term_negatives as (

    select
        membership_event_id,
        count(distinct touchpoint_type) as negative_types
    from term_exposure
    where is_bad_experience
    group by membership_event_id

),

term_segments as (

    -- how many kinds of a touch a term had (event types, campaigns)
    select
        membership_event_id,
        touchpoint_type,
        count(distinct touch_segment) as segments
    from term_exposure
    where touch_segment <> 'all'
    group by membership_event_id, touchpoint_type

),

term_touches as (

    select distinct
        touchpoint_type,
        touch_segment,
        is_bad_experience
    from term_exposure

),

term_rows as (

    -- every (touch, decided term), exposed or not, in its stratum: the year the term ends (touches
    -- come and go: a 2022 term could not get a 2025 mailing); the first term or a later one;
    -- whether the term had a bad experience other than the touch itself (bad experiences lower
    -- renewal and come with many touches, e.g. a cancelled event registration); and for an event
    -- type or a campaign, whether the term had another kind of the same touch (people who attend
    -- webinars also attend workshops: without this a webinar would take credit for a workshop)
    select
        term_touches.touchpoint_type,
        term_touches.touch_segment,
        decided_terms.customer_id,
        decided_terms.is_renewed,
        term_exposure.membership_event_id is not null as is_exposed,
        cast(extract(year from decided_terms.term_end) as varchar)
        || case when decided_terms.term_number = 1 then '/first term' else '/later term' end
        || case
            when
                coalesce(term_negatives.negative_types, 0)
                - case
                    when term_touches.is_bad_experience and term_exposure.membership_event_id is not null then 1
                    else 0
                end
                > 0
                then '/other bad experience'
            else '/no other bad experience'
        end
        || case
            when term_touches.touch_segment = 'all' then ''
            when
                coalesce(term_segments.segments, 0)
                - case when term_exposure.membership_event_id is not null then 1 else 0 end
                > 0
                then '/other kind'
            else '/no other kind'
        end as stratum
    from term_touches
    cross join decided_terms
    left join term_exposure
        on
            decided_terms.membership_event_id = term_exposure.membership_event_id
            and term_touches.touchpoint_type = term_exposure.touchpoint_type
            and term_touches.touch_segment = term_exposure.touch_segment
    left join term_negatives on decided_terms.membership_event_id = term_negatives.membership_event_id
    left join term_segments
        on
            decided_terms.membership_event_id = term_segments.membership_event_id
            and term_touches.touchpoint_type = term_segments.touchpoint_type

),

renewal_cells as (

    select
        touchpoint_type,
        touch_segment,
        'membership_renewal' as outcome,
        stratum,
        count(case when is_exposed then 1 end) as exposed,
        count(case when is_exposed and is_renewed then 1 end) as exposed_outcomes,
        count(case when not is_exposed then 1 end) as comparable,
        count(case when not is_exposed and is_renewed then 1 end) as comparable_outcomes
    from term_rows
    group by touchpoint_type, touch_segment, stratum

),

renewal_people as (

    select
        term_rows.touchpoint_type,
        term_rows.touch_segment,
        'membership_renewal' as outcome,
        count(distinct term_rows.customer_id) as exposed_customers
    from term_rows
    inner join renewal_cells
        on {{ join_on('term_rows', 'renewal_cells', ['touchpoint_type', 'touch_segment', 'stratum']) }}
    where term_rows.is_exposed and renewal_cells.comparable > 0
    group by term_rows.touchpoint_type, term_rows.touch_segment

),

-- estimates ------------------------------------------------------------------------------------

all_cells as (

    select * from cells
    union all
    select * from renewal_cells

),

people as (

    select * from exposed_people
    union all
    select * from renewal_people

),

standardized as (

    -- the comparison rate stratum by stratum, weighted by the exposed moments of each stratum
    -- (direct standardization); rates smoothed by half an outcome for the lift and its interval
    select
        touchpoint_type,
        touch_segment,
        outcome,
        sum(exposed) as exposed,
        sum(exposed_outcomes) as exposed_outcomes,
        sum(comparable) as comparable,
        sum(exposed * comparable_outcomes / comparable) as expected_outcomes,
        sum(exposed * (comparable_outcomes + 0.5) / (comparable + 1)) as expected_smoothed,
        sum(
            exposed * exposed
            * ((comparable_outcomes + 0.5) / (comparable + 1)) * (1 - (comparable_outcomes + 0.5) / (comparable + 1))
            / (comparable + 1)
        ) as expected_variance
    from all_cells
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
    cast(people.exposed_customers as bigint) as exposed_customers,
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
left join people on {{ join_on('with_lift', 'people', ['touchpoint_type', 'touch_segment', 'outcome']) }}
