{%- set conversion_window = var('impact_conversion_window_days') -%}
{%- set churn_window = var('impact_churn_window_days') -%}

{#- What each index moment of the touchpoint impact was and what followed it, one row per distinct
    moment (moment_key: customer, touchpoint, time): whether the person was a member then and had
    converted before, whether the outcome windows lie inside the data, and which outcomes
    followed within them. -#}

with

index_moments as (

    select * from {{ ref('int_impact_index_moments') }}

),

conversions as (

    select
        customer_id,
        touchpoint_id,
        conversion_type,
        occurred_at
    from {{ ref('int_touchpoints_identified') }}
    where customer_id is not null and is_conversion

),

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
    inner join {{ ref('int_membership_terms') }} as terms
        on
            moments.customer_id = terms.customer_id
            and cast(moments.index_at as date) between terms.term_start and terms.active_until

),

churned as (

    -- among members: the membership ends (lapse or cancel) within the churn window
    select distinct moments.moment_key
    from moments
    inner join {{ ref('int_membership_terms') }} as terms
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

)

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
left join {{ ref('int_customer_profiles') }} as customers on moments.customer_id = customers.customer_id
left join member_at_moment on moments.moment_key = member_at_moment.moment_key
left join churned on moments.moment_key = churned.moment_key
