{#- Retention cohorts. Members by join month: retained in month k when a membership term (not
    cancelled) covers the last day of that month. Donors by first donation month: retained in
    month k when they made a completed donation in that month. Only months that ended by the
    data's end are shown (a cohort's recent months are not yet observed). -#}

with

touchpoints as (

    select * from {{ ref('fct_touchpoints') }}
    where customer_id is not null

),

as_of as (

    select bounds.data_end_date as as_of_date
    from {{ ref('int_data_bounds') }} as bounds

),

member_cohorts as (

    select
        customer_id,
        cast(date_trunc('month', min(term_start)) as date) as cohort_month
    from {{ ref('fct_membership_terms') }}
    group by customer_id

),

donations as (

    select
        customer_id,
        cast(date_trunc('month', occurred_at) as date) as donation_month
    from touchpoints
    where touchpoint_type = 'donation_completed'
    group by all

),

donor_cohorts as (

    select
        customer_id,
        min(donation_month) as cohort_month
    from donations
    group by customer_id

),

cohorts as (

    select
        'members' as cohort_type,
        customer_id,
        cohort_month
    from member_cohorts
    union all
    select
        'donors' as cohort_type,
        customer_id,
        cohort_month
    from donor_cohorts

),

cohort_months as (

    -- every observed month since the cohort started: month k ends on or before the data's end
    -- (one row per observed month and person, generated per cohort, not filtered from a grid)
    select
        cohorts.cohort_type,
        cohorts.customer_id,
        cohorts.cohort_month,
        month_offset.k as months_since_start,
        cast(cohorts.cohort_month + to_months(month_offset.k) as date) as activity_month
    from cohorts
    cross join as_of
    cross join
        unnest(range(0, date_diff('month', cohorts.cohort_month, as_of.as_of_date) + 1)) as month_offset (k)
    where last_day(cohorts.cohort_month + to_months(month_offset.k)) <= as_of.as_of_date

),

member_active as (

    select distinct
        'members' as cohort_type,
        cohort_months.customer_id,
        cohort_months.activity_month
    from cohort_months
    inner join {{ ref('fct_membership_terms') }} as terms
        on
            cohort_months.customer_id = terms.customer_id
            and last_day(cohort_months.activity_month) between terms.term_start and terms.active_until
    where cohort_months.cohort_type = 'members'

),

donor_active as (

    select distinct
        'donors' as cohort_type,
        customer_id,
        donation_month as activity_month
    from donations

),

active as (

    select * from member_active
    union all
    select * from donor_active

),

flagged as (

    -- equi-joins only: a constant in a LEFT JOIN condition makes DuckDB use a nested loop
    select
        cohort_months.*,
        active.customer_id is not null as is_retained
    from cohort_months
    left join active on {{ join_on('cohort_months', 'active', ['cohort_type', 'customer_id', 'activity_month']) }}

),

cohort_sizes as (

    select
        cohort_type,
        cohort_month,
        count(*) as cohort_size
    from cohorts
    group by cohort_type, cohort_month

)

select
    flagged.cohort_type,
    flagged.cohort_month,
    flagged.months_since_start,
    any_value(flagged.activity_month) as activity_month,
    any_value(cohort_sizes.cohort_size) as cohort_size,
    count(*) filter (where flagged.is_retained) as retained_customers,
    count(*) filter (where flagged.is_retained) / any_value(cohort_sizes.cohort_size) as retained_share
from flagged
inner join cohort_sizes
    on flagged.cohort_type = cohort_sizes.cohort_type and flagged.cohort_month = cohort_sizes.cohort_month
group by flagged.cohort_type, flagged.cohort_month, flagged.months_since_start
