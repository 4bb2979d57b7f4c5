{#- Features of active customers at three cutoffs, for the lapse-propensity model
    (int_lapse_scores). Active = converted in the 365 days up to the cutoff. `train` and `holdout`
    carry the label (no conversion in the lapse_horizon_days after the cutoff); `score` is the
    data's end, where the label is the future. Only touchpoints up to the cutoff feed features:
    the holdout is out of time, never seen in training.
    The customers active at a cutoff are found from their conversions first, and only their
    touchpoints up to the cutoff are aggregated (joined by customer): at 1M people the features
    of every customer at every cutoff (an inequality join, six times the touchpoints) took 68 s.
    The touchpoints are read where needed, never held whole (inline_cte). -#}

with

touchpoints as {{ inline_cte() }} (

    select
        touchpoint_id,
        customer_id,
        occurred_at,
        channel,
        touchpoint_type,
        is_conversion,
        is_negative,
        revenue_usd
    from {{ ref('int_touchpoints_identified') }}
    where customer_id is not null

),

data_end as (

    select bounds.data_end_date
    from {{ ref('int_data_bounds') }} as bounds

),

cutoffs as (

    select
        'score' as sample,
        data_end_date as cutoff_date
    from data_end
    union all
    select
        'holdout' as sample,
        data_end_date - {{ var('lapse_horizon_days') }} as cutoff_date
    from data_end
    union all
    -- training cutoffs: every 30 days before the holdout's, as long as their labels were
    -- observed before the holdout cutoff (out of time)
    select
        'train' as sample,
        cast(
            data_end.data_end_date - 2 * {{ var('lapse_horizon_days') }} - cast(30 * step.k as integer) as date
        ) as cutoff_date
    from data_end
    cross join range(0, 4) as step (k)

),

-- converted in the 365 days up to the cutoff (conversions_365d > 0 below)
active_at_cutoff as (

    select distinct
        cutoffs.sample,
        cutoffs.cutoff_date,
        touchpoints.customer_id
    from cutoffs
    inner join touchpoints
        on
            touchpoints.is_conversion
            and touchpoints.occurred_at >= cutoffs.cutoff_date - 365
            and touchpoints.occurred_at < cutoffs.cutoff_date + 1

),

history as (

    select
        cutoffs.sample,
        cutoffs.cutoff_date,
        touchpoints.customer_id,
        min(touchpoints.occurred_at) as first_seen_at,
        max(touchpoints.occurred_at) as last_seen_at,
        max(touchpoints.occurred_at) filter (where touchpoints.is_conversion) as last_conversion_at,
        count(*) filter (
            where touchpoints.is_conversion and touchpoints.occurred_at >= cutoffs.cutoff_date - 365
        ) as conversions_365d,
        coalesce(sum(touchpoints.revenue_usd) filter (where touchpoints.occurred_at >= cutoffs.cutoff_date - 365), 0)
            as revenue_365d,
        count(*) filter (where touchpoints.occurred_at >= cutoffs.cutoff_date - 90) as touches_90d,
        count(*) filter (where touchpoints.occurred_at >= cutoffs.cutoff_date - 365) as touches_365d,
        count(*) filter (where touchpoints.is_conversion) as conversions_total,
        count(*) filter (
            where touchpoints.touchpoint_type in ('email_open', 'email_click')
            and touchpoints.occurred_at >= cutoffs.cutoff_date - 90
        ) as email_engagement_90d,
        count(*) filter (where touchpoints.touchpoint_type = 'email_unsubscribe') as email_unsubscribes,
        count(*) filter (
            where touchpoints.is_negative and touchpoints.occurred_at >= cutoffs.cutoff_date - 365
        ) as negative_touches_365d,
        count(*) filter (
            where touchpoints.touchpoint_type = 'event_attended'
            and touchpoints.occurred_at >= cutoffs.cutoff_date - 365
        ) as events_attended_365d,
        count(distinct touchpoints.channel) filter (where touchpoints.occurred_at >= cutoffs.cutoff_date - 365)
            as channels_365d
    from active_at_cutoff as cutoffs
    inner join touchpoints
        on
            cutoffs.customer_id = touchpoints.customer_id
            and touchpoints.occurred_at < cutoffs.cutoff_date + 1
    group by cutoffs.sample, cutoffs.cutoff_date, touchpoints.customer_id

),

active as (

    select * from history
    where conversions_365d > 0

),

membership as (

    select
        active.sample,
        active.cutoff_date,
        active.customer_id,
        true as is_member_at_cutoff,
        max(terms.term_end) as term_end
    from active
    inner join {{ ref('int_membership_terms') }} as terms
        on
            active.customer_id = terms.customer_id
            and active.cutoff_date between terms.term_start and terms.active_until
    group by active.sample, active.cutoff_date, active.customer_id

),

future as (

    select
        active.sample,
        active.cutoff_date,
        active.customer_id,
        count(touchpoints.touchpoint_id) as conversions_after
    from active
    inner join touchpoints
        on
            active.customer_id = touchpoints.customer_id
            and touchpoints.is_conversion
            and touchpoints.occurred_at >= active.cutoff_date + 1
            and touchpoints.occurred_at < active.cutoff_date + 1 + {{ var('lapse_horizon_days') }}
    where active.sample <> 'score'
    group by active.sample, active.cutoff_date, active.customer_id

)

select
    active.sample,
    active.cutoff_date,
    active.customer_id,
    date_diff('day', active.last_conversion_at, cast(active.cutoff_date + 1 as timestamp))
        as days_since_last_conversion,
    date_diff('day', active.last_seen_at, cast(active.cutoff_date + 1 as timestamp)) as days_since_last_touch,
    date_diff('day', active.first_seen_at, cast(active.cutoff_date + 1 as timestamp)) as tenure_days,
    active.conversions_365d,
    ln(1 + cast(active.revenue_365d as double)) as log_revenue_365d,
    active.touches_90d,
    active.touches_365d,
    active.conversions_total,
    active.email_engagement_90d,
    active.email_unsubscribes,
    active.negative_touches_365d,
    active.events_attended_365d,
    active.channels_365d,
    coalesce(membership.is_member_at_cutoff, false) as is_member_at_cutoff,
    coalesce(membership.term_end <= active.cutoff_date + {{ var('lapse_horizon_days') }}, false)
        as term_ends_within_horizon,
    case when active.sample = 'score' then null else coalesce(future.conversions_after, 0) = 0 end as lapsed
from active
left join membership on {{ join_on('active', 'membership', ['sample', 'cutoff_date', 'customer_id']) }}
left join future on {{ join_on('active', 'future', ['sample', 'cutoff_date', 'customer_id']) }}
