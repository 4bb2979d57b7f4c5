{#- The touchpoint impact's counts, stratum by stratum (see the touchpoint_impact doc block): for
    each touch, outcome and stratum, the exposed moments (or terms) and their outcomes, and the
    comparable ones and theirs; with the distinct people behind the exposed moments of strata that
    have comparables (per touch and outcome, repeated on its strata). mart_touchpoint_impact
    standardizes them into the lift, from their published copy fct_touchpoint_impact_cells. The
    stratified moments are read where they are used, not through an import CTE (DuckDB keeps a CTE
    read more than once whole in memory). -#}

{%- set cell_keys = ['touchpoint_type', 'touch_segment', 'outcome', 'stratum'] -%}
{#- each outcome but renewal: which stratified moments count for it, and which had it -#}
{%- set moment_outcomes = [
    ('conversion', 'counts_for_conversions', 'had_conversion'),
    ('membership_join', 'counts_for_conversions and not is_member', 'had_membership_join'),
    ('donation', 'counts_for_conversions', 'had_donation'),
    ('purchase', 'counts_for_conversions', 'had_purchase'),
    ('event_registration', 'counts_for_conversions', 'had_event_registration'),
    ('churn', 'counts_for_churn', 'churned'),
] -%}
{#- the columns of a stratified moment those read -#}
{%- set moment_flags = ['is_member', 'counts_for_conversions', 'counts_for_churn', 'had_conversion',
                        'had_membership_join', 'had_donation', 'had_purchase', 'had_event_registration',
                        'churned'] -%}
{#- a (touch, decided term)'s stratum, in term_rows and exposed_term_rows (term_exposure is NULL
    when the term did not have the touch) -#}
{%- set renewal_stratum -%}
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
end
{%- endset -%}

with

-- exposed against comparable, stratum by stratum -------------------------------------------------

counted_moments as (

    -- every stratified moment under its own kind (exposed, pool, campaign comparison), and each
    -- pool moment again under each touch its person had at or before it (pool_already_exposed:
    -- not comparable for that touch)
    select
        kind,
        touchpoint_type,
        touch_segment,
        design,
        {% for flag in moment_flags %}
            {{ flag }},
        {% endfor %}
        stratum
    from {{ ref('int_impact_stratified_moments') }}
    union all
    select
        'pool_already_exposed' as kind,
        exposures.touchpoint_type,
        exposures.touch_segment,
        pool_moments.design,
        {% for flag in moment_flags %}
            pool_moments.{{ flag }},
        {% endfor %}
        pool_moments.stratum
    from {{ ref('int_impact_stratified_moments') }} as pool_moments
    inner join {{ ref('int_impact_exposures') }} as exposures
        on pool_moments.customer_id = exposures.customer_id and pool_moments.index_at >= exposures.index_at
    where pool_moments.kind = 'pool' and not exposures.is_outbound

),

kind_cells as (

    -- moments and outcomes per stratum, for each kind of moment (pool: touchpoint_type and
    -- touch_segment empty); every outcome's counts in one pass
    select
        kind,
        touchpoint_type,
        touch_segment,
        design,
        {% for outcome, counts_for, had in moment_outcomes %}
            count(case when {{ counts_for }} then 1 end) as {{ outcome }}__moments,
            count(case when {{ counts_for }} and {{ had }} then 1 end) as {{ outcome }}__outcomes,
        {% endfor %}
        stratum
    from counted_moments
    group by kind, touchpoint_type, touch_segment, design, stratum

),

kind_outcome_cells as (

    -- a row per outcome of each cell that has moments counting for it
    {% for outcome, counts_for, had in moment_outcomes %}
        select
            kind,
            touchpoint_type,
            touch_segment,
            design,
            stratum,
            '{{ outcome }}' as outcome,
            {{ outcome }}__moments as moments,
            {{ outcome }}__outcomes as outcomes
        from kind_cells
        where {{ outcome }}__moments > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

exposed_cells as (

    select * from kind_outcome_cells
    where kind = 'exposed'

),

pool_cells as (

    select * from kind_outcome_cells
    where kind = 'pool'

),

pool_already_exposed as (

    select * from kind_outcome_cells
    where kind = 'pool_already_exposed'

),

campaign_comparison_cells as (

    select * from kind_outcome_cells
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
            else coalesce(pool_cells.moments, 0) - coalesce(pool_already_exposed.moments, 0)
        end as comparable,
        case
            when exposed_cells.design = 'campaign' then coalesce(campaign_comparison_cells.outcomes, 0)
            else coalesce(pool_cells.outcomes, 0) - coalesce(pool_already_exposed.outcomes, 0)
        end as comparable_outcomes
    from exposed_cells
    left join campaign_comparison_cells
        on {{ join_on('exposed_cells', 'campaign_comparison_cells', cell_keys) }}
    left join pool_cells on {{ join_on('exposed_cells', 'pool_cells', ['outcome', 'stratum']) }}
    left join pool_already_exposed
        on {{ join_on('exposed_cells', 'pool_already_exposed', cell_keys) }}

),

comparable_strata as (

    -- per touch and stratum, which outcomes' cells have comparables
    select
        touchpoint_type,
        touch_segment,
        {% for outcome, counts_for, had in moment_outcomes %}
            bool_or(outcome = '{{ outcome }}' and comparable > 0) as {{ outcome }}__comparable,
        {% endfor %}
        stratum
    from cells
    group by touchpoint_type, touch_segment, stratum

),

exposed_person_outcomes as (

    -- each exposed person once per touch (a plain grouping, which spills to disk; a
    -- count(distinct) per group does not), with the outcomes for which one of their exposed
    -- moments counts in a stratum that has comparables
    select
        exposed_moments.touchpoint_type,
        exposed_moments.touch_segment,
        {% for outcome, counts_for, had in moment_outcomes %}
            bool_or({{ counts_for }} and comparable_strata.{{ outcome }}__comparable) as {{ outcome }},
        {% endfor %}
        exposed_moments.customer_id
    from {{ ref('int_impact_stratified_moments') }} as exposed_moments
    inner join comparable_strata
        on {{ join_on('exposed_moments', 'comparable_strata', ['touchpoint_type', 'touch_segment', 'stratum']) }}
    where exposed_moments.kind = 'exposed'
    group by exposed_moments.touchpoint_type, exposed_moments.touch_segment, exposed_moments.customer_id

),

exposed_people_counts as (

    select
        {% for outcome, counts_for, had in moment_outcomes %}
            count(case when {{ outcome }} then 1 end) as {{ outcome }}__people,
        {% endfor %}
        touchpoint_type,
        touch_segment
    from exposed_person_outcomes
    group by touchpoint_type, touch_segment

),

exposed_people as (

    -- per touch and outcome with exposed people in strata that have comparables
    {% for outcome, counts_for, had in moment_outcomes %}
        select
            touchpoint_type,
            touch_segment,
            '{{ outcome }}' as outcome,
            {{ outcome }}__people as exposed_customers
        from exposed_people_counts
        where {{ outcome }}__people > 0
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- membership renewal: term by term ---------------------------------------------------------------

decided_terms as (

    -- terms whose outcome would be known whichever it was (int_membership_terms.is_outcome_known):
    -- otherwise recent terms would count only if renewed, and every recent touch would look helpful
    select
        membership_event_id,
        customer_id,
        term_start,
        term_end,
        term_number,
        is_renewed
    from {{ ref('int_membership_terms') }}
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
    inner join {{ ref('int_impact_touches') }} as touches
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
        {{ renewal_stratum }} as stratum
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

exposed_term_rows as (

    -- term_rows' exposed rows, for the people behind them: from the terms that had the touch, so
    -- that the cross join above is read once (as it streams into renewal_cells) and never kept
    select
        term_touches.touchpoint_type,
        term_touches.touch_segment,
        decided_terms.customer_id,
        {{ renewal_stratum }} as stratum
    from term_touches
    inner join term_exposure
        on
            term_touches.touchpoint_type = term_exposure.touchpoint_type
            and term_touches.touch_segment = term_exposure.touch_segment
    inner join decided_terms on term_exposure.membership_event_id = decided_terms.membership_event_id
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
    from exposed_term_rows as term_rows
    inner join renewal_cells
        on {{ join_on('term_rows', 'renewal_cells', ['touchpoint_type', 'touch_segment', 'stratum']) }}
    where renewal_cells.comparable > 0
    group by term_rows.touchpoint_type, term_rows.touch_segment

),

all_cells as (

    select * from cells
    union all
    select * from renewal_cells

),

people as (

    select * from exposed_people
    union all
    select * from renewal_people

)

select
    all_cells.touchpoint_type,
    all_cells.touch_segment,
    all_cells.outcome,
    all_cells.stratum,
    cast(all_cells.exposed as bigint) as exposed,
    cast(all_cells.exposed_outcomes as bigint) as exposed_outcomes,
    cast(all_cells.comparable as bigint) as comparable,
    cast(all_cells.comparable_outcomes as bigint) as comparable_outcomes,
    cast(people.exposed_customers as bigint) as exposed_customers
from all_cells
left join people on {{ join_on('all_cells', 'people', ['touchpoint_type', 'touch_segment', 'outcome']) }}
