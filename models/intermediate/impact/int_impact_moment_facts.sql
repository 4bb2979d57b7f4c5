{%- set conversion_window = var('impact_conversion_window_days') -%}
{%- set churn_window = var('impact_churn_window_days') -%}

{#- What each index moment of the touchpoint impact was and what followed it, one row per distinct
    moment (customer, touchpoint, time): whether the person was a member then and had converted
    before, whether the outcome windows lie inside the data, and which outcomes followed within
    them. The three columns are the key: a key column joining them into one string took 5 of the
    model's 26 s at 1M people to write.
    One pass, no join of moments with moments: every index moment, and every pairing of a moment
    with a membership term or a conversion of the same person that bears on it, go into one
    grouped `bool_or` per moment (a moment with no such pairing keeps its false flags). Each big
    relation is read from its table where it is used. A join per fact on a string key (the
    moments kept whole in memory and four hash tables of 11.5M moments at 1M people) filled a
    2 GB DuckDB limit. -#}

with

terms as (

    select
        customer_id,
        term_start,
        active_until,
        term_outcome in ('lapsed', 'cancelled') as has_ended,
        coalesce(cancelled_on, term_end) as ended_on
    from {{ ref('int_membership_terms') }}

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

pairings as (

    -- every moment once, all false
    select
        customer_id,
        touchpoint_id,
        index_at,
        false as is_member,
        false as churned,
        false as had_conversion,
        false as had_membership_join,
        false as had_donation,
        false as had_purchase,
        false as had_event_registration
    from {{ ref('int_impact_index_moments') }}

    union all

    -- a member at the moment; among ended terms, the membership ends (lapse or cancel) within
    -- the churn window
    select
        index_moments.customer_id,
        index_moments.touchpoint_id,
        index_moments.index_at,
        cast(index_moments.index_at as date) between terms.term_start and terms.active_until as is_member,
        (
            terms.has_ended
            and terms.ended_on >= cast(index_moments.index_at as date)
            and terms.ended_on <= cast({{ dbt.dateadd('day', churn_window, 'index_moments.index_at') }} as date)
        ) as churned,
        false as had_conversion,
        false as had_membership_join,
        false as had_donation,
        false as had_purchase,
        false as had_event_registration
    from {{ ref('int_impact_index_moments') }} as index_moments
    inner join terms on index_moments.customer_id = terms.customer_id

    union all

    -- conversions after the moment (the touch itself excluded), within the conversion window. The
    -- tie rule is a filter after the inner join: as a join condition the OR would make DuckDB
    -- compare every moment with every conversion (a nested loop: minutes at 100,000 people)
    select
        index_moments.customer_id,
        index_moments.touchpoint_id,
        index_moments.index_at,
        false as is_member,
        false as churned,
        conversions.touchpoint_id is not null as had_conversion,
        conversions.conversion_type = 'membership_join' as had_membership_join,
        conversions.conversion_type = 'donation' as had_donation,
        conversions.conversion_type = 'order' as had_purchase,
        conversions.conversion_type = 'event_registration' as had_event_registration
    from {{ ref('int_impact_index_moments') }} as index_moments
    inner join conversions
        on
            index_moments.customer_id = conversions.customer_id
            and index_moments.index_at <= conversions.occurred_at
            and {{ dbt.dateadd('day', conversion_window, 'index_moments.index_at') }} >= conversions.occurred_at
    where
        index_moments.index_at < conversions.occurred_at
        or index_moments.touchpoint_id < conversions.touchpoint_id

),

moments as (

    -- a null (a term without an end, a conversion without a type) leaves its flag to the others
    select
        customer_id,
        touchpoint_id,
        index_at,
        bool_or(is_member) as is_member,
        bool_or(churned) as churned,
        bool_or(had_conversion) as had_conversion,
        bool_or(had_membership_join) as had_membership_join,
        bool_or(had_donation) as had_donation,
        bool_or(had_purchase) as had_purchase,
        bool_or(had_event_registration) as had_event_registration
    from pairings
    group by customer_id, touchpoint_id, index_at

)

select
    moments.customer_id,
    moments.touchpoint_id,
    moments.index_at,
    moments.is_member,
    coalesce(customers.first_conversion_at < moments.index_at, false) as has_converted_before,
    {{ dbt.dateadd('day', conversion_window, 'moments.index_at') }}
    <= cast(bounds.data_end_date as timestamp) as conversion_observable,
    cast({{ dbt.dateadd('day', churn_window + var('membership_grace_days'), 'moments.index_at') }} as date)
    <= bounds.data_end_date as churn_observable,
    moments.churned,
    moments.had_conversion,
    moments.had_membership_join,
    moments.had_donation,
    moments.had_purchase,
    moments.had_event_registration
from moments
cross join {{ ref('int_data_bounds') }} as bounds
left join {{ ref('int_customer_profiles') }} as customers on moments.customer_id = customers.customer_id
