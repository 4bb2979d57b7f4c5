{#- Silent churn: membership terms that lapsed, split by whether the member gave feedback during the
    term (a survey answer, a help-desk ticket or a social message; negative or not) or none at all,
    against terms that renewed; and for each group what engagement (email opens) did in the window
    just before renewals are decided, against the window before it. Only terms whose outcome is
    known count (ended more than the grace period before the data's end). -#}

{%- set gap = var('silent_churn_gap_days') -%}
{%- set window = var('silent_churn_window_days') -%}

with

touchpoints as (

    -- the columns read, alone: a CTE read several times is held whole (DuckDB), every column selected
    select
        customer_id,
        occurred_at,
        touchpoint_type,
        source_system,
        is_negative
    from {{ ref('fct_touchpoints') }}
    where customer_id is not null

),

engagement_touches as (

    select * from touchpoints
    -- email opens: the engagement every member leaves under their own name (a website visit is
    -- only known to be theirs when they log in or come from a tracked link)
    where touchpoint_type = 'email_open'

),

engagement_bounds as (

    -- engagement is only comparable from the day email delivers (it may start years after the
    -- membership history)
    select min(occurred_at) as engagement_start_at
    from engagement_touches

),

first_engaged as (

    select
        customer_id,
        min(occurred_at) as first_engaged_at
    from engagement_touches
    group by customer_id

),

decided_terms as (

    -- the recent window ends `gap` days before the term ends (renewal reminders and the renewal
    -- itself come after it); both windows must lie inside the engagement data
    select
        terms.membership_event_id,
        terms.customer_id,
        terms.term_start,
        terms.term_end,
        terms.term_outcome,
        cast({{ dbt.dateadd('day', -gap, 'terms.term_end') }} as date) as recent_end,
        cast({{ dbt.dateadd('day', -(gap + window), 'terms.term_end') }} as date) as recent_start,
        cast({{ dbt.dateadd('day', -(gap + 2 * window), 'terms.term_end') }} as date) as earlier_start
    from {{ ref('fct_membership_terms') }} as terms
    cross join engagement_bounds
    inner join first_engaged on terms.customer_id = first_engaged.customer_id
    where
        terms.is_outcome_known
        and terms.term_outcome in ('renewed', 'lapsed')
        and cast({{ dbt.dateadd('day', -(gap + 2 * window), 'terms.term_end') }} as date)
        >= cast(engagement_bounds.engagement_start_at as date)
        -- engaged before the earlier window: someone who only arrives later would look like rising
        -- engagement
        and cast(first_engaged.first_engaged_at as date)
        < cast({{ dbt.dateadd('day', -(gap + 2 * window), 'terms.term_end') }} as date)

),

feedback as (

    -- what the member said during the term, if anything
    select
        decided_terms.membership_event_id,
        count(*) as feedback_touches,
        count(case when touchpoints.is_negative then 1 end) as negative_touches
    from decided_terms
    inner join touchpoints
        on
            decided_terms.customer_id = touchpoints.customer_id
            and cast(touchpoints.occurred_at as date) between decided_terms.term_start and decided_terms.term_end
    where touchpoints.source_system in ('surveys', 'support', 'social')
    group by decided_terms.membership_event_id

),

engagement as (

    select
        decided_terms.membership_event_id,
        count(case when cast(touchpoints.occurred_at as date) >= decided_terms.recent_start then 1 end)
            as recent_opens,
        count(case when cast(touchpoints.occurred_at as date) < decided_terms.recent_start then 1 end)
            as earlier_opens
    from decided_terms
    inner join engagement_touches as touchpoints
        on
            decided_terms.customer_id = touchpoints.customer_id
            and cast(touchpoints.occurred_at as date) >= decided_terms.earlier_start
            and cast(touchpoints.occurred_at as date) < decided_terms.recent_end
    group by decided_terms.membership_event_id

),

term_rows as (

    select
        decided_terms.membership_event_id,
        decided_terms.term_outcome,
        case
            when coalesce(feedback.negative_touches, 0) > 0 then 'complained'
            when coalesce(feedback.feedback_touches, 0) > 0 then 'feedback, none negative'
            else 'silent'
        end as feedback,
        coalesce(engagement.recent_opens, 0) as recent_opens,
        coalesce(engagement.earlier_opens, 0) as earlier_opens
    from decided_terms
    left join feedback on decided_terms.membership_event_id = feedback.membership_event_id
    left join engagement on decided_terms.membership_event_id = engagement.membership_event_id

),

grouped as (

    -- each group, and all lapsed and all renewed terms together (the renewed: the comparison)
    select
        term_outcome,
        feedback,
        recent_opens,
        earlier_opens
    from term_rows
    union all
    select
        term_outcome,
        'all' as feedback,
        recent_opens,
        earlier_opens
    from term_rows

),

sums as (

    select
        term_outcome,
        feedback,
        count(*) as terms,
        count(case when recent_opens < earlier_opens then 1 end) as declined_terms,
        sum(recent_opens) as recent_opens,
        sum(earlier_opens) as earlier_opens,
        sum(recent_opens * recent_opens) as recent_squares,
        sum(earlier_opens * earlier_opens) as earlier_squares,
        sum(recent_opens * earlier_opens) as products
    from grouped
    group by term_outcome, feedback

),

ratios as (

    -- engagement ratio R = recent / earlier touches (1 when nothing changed, whatever the level);
    -- its variance on the log scale: the larger of two. The variance of a ratio estimator over
    -- terms, sum((r - R e)^2) / (sum r)^2, follows how unevenly members open, but from a few terms
    -- it is itself a guess and often far too small (8 terms: a nominal 95 % interval missed the
    -- truth 9-15 % of the time in a simulation). The Poisson variance of two counts,
    -- 1 / recent + 1 / earlier, is the least a count can vary, and is what a few terms with few
    -- opens really carry (with the larger of the two the same simulation missed 3-5 %)
    select
        *,
        recent_opens * 1.0 / nullif(earlier_opens, 0) as engagement_ratio,
        greatest(
            (
                recent_squares
                - 2.0 * recent_opens / nullif(earlier_opens, 0) * products
                + power(recent_opens * 1.0 / nullif(earlier_opens, 0), 2) * earlier_squares
            ) / nullif(power(recent_opens * 1.0, 2), 0),
            1.0 / nullif(recent_opens, 0) + 1.0 / nullif(earlier_opens, 0)
        ) as log_ratio_variance,
        declined_terms * 1.0 / terms as declined_rate,
        term_outcome = 'renewed' and feedback = 'all' as is_comparison
    from sums

),

final as (

    -- each group's ratio against all renewed terms' (ratio of ratios, 95 % interval on the log
    -- scale); and the share of terms whose engagement fell, with a Wilson 95 % interval
    select
        ratios.term_outcome,
        ratios.feedback,
        ratios.terms,
        ratios.declined_terms,
        ratios.declined_rate,
        {{ wilson_interval('ratios.declined_terms', 'ratios.terms', 'declined_rate') }},
        ratios.recent_opens,
        ratios.earlier_opens,
        ratios.engagement_ratio,
        ratios.engagement_ratio / renewed.engagement_ratio as ratio_vs_renewed,
        -- no interval for the comparison itself, nor where the earlier window holds no touches (no
        -- ratio). A group without a recent touch (ratio 0, no log) reads 0 to the exact upper
        -- bound: given its k earlier opens, the recent window's share of its opens is at most
        -- 1 - 0.025^(1/k) (Clopper-Pearson, 97.5 % one-sided), a ratio of 0.025^(-1/k) - 1; this
        -- bound ignores how unevenly members open, so it is narrower than the log-scale one
        case
            when
                not ratios.is_comparison and ratios.recent_opens = 0 and ratios.earlier_opens > 0
                and renewed.engagement_ratio > 0
                then 0.0
            when not ratios.is_comparison
                then exp(
                        ln(nullif(ratios.engagement_ratio / renewed.engagement_ratio, 0))
                        - 1.96 * sqrt(greatest(ratios.log_ratio_variance + renewed.log_ratio_variance, 0))
                    )
        end as ratio_vs_renewed_low,
        case
            when
                not ratios.is_comparison and ratios.recent_opens = 0 and ratios.earlier_opens > 0
                and renewed.engagement_ratio > 0
                then (power(0.025, -1.0 / ratios.earlier_opens) - 1) / renewed.engagement_ratio
            when not ratios.is_comparison
                then exp(
                        ln(nullif(ratios.engagement_ratio / renewed.engagement_ratio, 0))
                        + 1.96 * sqrt(greatest(ratios.log_ratio_variance + renewed.log_ratio_variance, 0))
                    )
        end as ratio_vs_renewed_high
    from ratios
    cross join ratios as renewed
    where renewed.term_outcome = 'renewed' and renewed.feedback = 'all'

)

select * from final
