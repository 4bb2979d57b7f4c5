{#- Who to contact now: one row per (customer, audience) of the enabled audiences of
    seeds/reference/audiences.csv, with the reason in words, since when the person qualifies, the
    suggested action and the department that owns it. Each audience applies one rule with its own
    window (see the seed's YAML); the as-of date is the data's last day (int_data_bounds). Customer
    ids only: the contact fields stay in the restricted file (`cjw audiences --out DIR`). -#}

with

audiences as (

    select * from {{ ref('audiences') }}
    where is_enabled

),

touchpoints as (

    -- the touchpoints some rule reads (bad ratings of support, event registrations and
    -- attendances, donations), and only their columns: the 1M-person build wrote all 15.5M
    -- touchpoints with every column to a CTE scanned four times (20 s of 24)
    select
        touchpoint_id,
        customer_id,
        touchpoint_type,
        department,
        is_negative,
        detail,
        campaign,
        conversion_type,
        revenue_usd,
        occurred_at
    from {{ ref('fct_touchpoints') }}
    where
        customer_id is not null
        and (
            touchpoint_type in ('event_registered', 'event_attended')
            or (department = 'customer_service' and is_negative)
            or conversion_type = 'donation'
        )

),

windowed as (

    -- the touchpoints of the rules that look back: those within each audience's window
    select
        audiences.audience,
        audiences.rule,
        touchpoints.touchpoint_id,
        touchpoints.customer_id,
        touchpoints.touchpoint_type,
        touchpoints.department,
        touchpoints.is_negative,
        touchpoints.detail,
        touchpoints.campaign,
        touchpoints.occurred_at
    from touchpoints
    cross join {{ ref('int_data_bounds') }} as bounds
    inner join audiences on audiences.rule in ('bad_support', 'next_event_missed')
    where
        cast(touchpoints.occurred_at as date)
        > cast({{ dbt.dateadd('day', '-audiences.window_days', 'bounds.data_end_date') }} as date)

),

-- renewal_due: the term ends within the window, the lapse probability is above the threshold ----

member_median as (

    select median(lapse_probability) as median_lapse_probability
    from {{ ref('dim_customers') }}
    where is_member

),

renewal_due as (

    select
        audiences.audience,
        terms.customer_id,
        cast({{ dbt.dateadd('day', '-audiences.window_days', 'terms.term_end') }} as date) as since,
        'Term ends ' || cast(terms.term_end as varchar) || '; lapse probability '
        || cast(cast(round(100 * customers.lapse_probability) as integer) as varchar) || ' % ('
        || coalesce(
            'threshold ' || cast(cast(round(100 * audiences.min_lapse_probability) as integer) as varchar),
            'median of members '
            || cast(cast(round(100 * member_median.median_lapse_probability) as integer) as varchar)
        ) || ' %)' as reason
    from {{ ref('fct_membership_terms') }} as terms
    cross join {{ ref('int_data_bounds') }} as bounds
    cross join member_median
    cross join audiences
    inner join {{ ref('dim_customers') }} as customers on terms.customer_id = customers.customer_id
    where
        audiences.rule = 'renewal_due'
        and terms.term_outcome = 'undecided'
        and terms.term_end > bounds.data_end_date
        and terms.term_end <= cast({{ dbt.dateadd('day', 'audiences.window_days', 'bounds.data_end_date') }} as date)
        and customers.lapse_probability
        > coalesce(audiences.min_lapse_probability, member_median.median_lapse_probability)

),

-- bad_support: a ticket or support survey rated badly within the window ------------------------

bad_support as (

    select
        audience,
        customer_id,
        max(cast(occurred_at as date)) as since,
        cast(count(*) as varchar) || ' bad rating(s) of support, the last on '
        || cast(max(cast(occurred_at as date)) as varchar) as reason
    from windowed
    where rule = 'bad_support' and department = 'customer_service' and is_negative
    group by audience, customer_id

),

-- next_event_missed: attended, registrations for another event of the kind opened since, none ---

event_openings as (

    -- when each event started taking registrations, and when it was held (NULL: not yet)
    select
        detail as event_kind,
        campaign as event_name,
        min(case when touchpoint_type = 'event_registered' then occurred_at end) as opened_at,
        min(case when touchpoint_type = 'event_attended' then occurred_at end) as held_at
    from touchpoints
    where touchpoint_type in ('event_registered', 'event_attended')
    group by detail, campaign
    having min(case when touchpoint_type = 'event_registered' then occurred_at end) is not null

),

last_attendance as (

    -- each person's latest attendance of each kind of event within the window
    select
        audience,
        customer_id,
        detail as event_kind,
        arg_max(campaign, (occurred_at, touchpoint_id)) as event_name,
        max(occurred_at) as attended_at
    from windowed
    where rule = 'next_event_missed' and touchpoint_type = 'event_attended'
    group by audience, customer_id, detail

),

next_openings as (

    -- the first event of the same kind that opened after the attendance
    select
        last_attendance.audience,
        last_attendance.customer_id,
        last_attendance.event_kind,
        last_attendance.event_name,
        last_attendance.attended_at,
        arg_min(event_openings.event_name, (event_openings.opened_at, event_openings.event_name)) as next_event_name,
        min(event_openings.opened_at) as next_opened_at,
        arg_min(event_openings.held_at, (event_openings.opened_at, event_openings.event_name)) as next_held_at
    from last_attendance
    inner join event_openings
        on
            last_attendance.event_kind = event_openings.event_kind
            and last_attendance.event_name <> event_openings.event_name
            and last_attendance.attended_at < event_openings.opened_at
    group by
        last_attendance.audience,
        last_attendance.customer_id,
        last_attendance.event_kind,
        last_attendance.event_name,
        last_attendance.attended_at

),

registered_since as (

    select distinct
        next_openings.audience,
        next_openings.customer_id,
        next_openings.event_kind
    from next_openings
    inner join touchpoints
        on
            next_openings.customer_id = touchpoints.customer_id
            and next_openings.event_kind = touchpoints.detail
            and next_openings.attended_at < touchpoints.occurred_at
    where touchpoints.touchpoint_type = 'event_registered'

),

next_event_missed as (

    -- one row per person: the latest kind of event they came to
    select
        next_openings.audience,
        next_openings.customer_id,
        arg_max(cast(next_openings.next_opened_at as date), next_openings.attended_at) as since,
        arg_max(
            'Attended ' || next_openings.event_name || ' on '
            || cast(cast(next_openings.attended_at as date) as varchar)
            || '; not registered for ' || next_openings.next_event_name || ' (registrations open since '
            || cast(cast(next_openings.next_opened_at as date) as varchar)
            || coalesce('; held on ' || cast(cast(next_openings.next_held_at as date) as varchar), '; not held yet')
            || ')',
            next_openings.attended_at
        ) as reason
    from next_openings
    left join registered_since
        on {{ join_on('next_openings', 'registered_since', ['audience', 'customer_id', 'event_kind']) }}
    where registered_since.customer_id is null
    group by next_openings.audience, next_openings.customer_id

),

-- lybunt: gave last calendar year, not this year ------------------------------------------------

donations as (

    select
        touchpoints.customer_id,
        extract(year from touchpoints.occurred_at) - extract(year from bounds.data_end_date) as years_ago,
        touchpoints.revenue_usd
    from touchpoints
    cross join {{ ref('int_data_bounds') }} as bounds
    where touchpoints.conversion_type = 'donation' and touchpoints.occurred_at <= bounds.data_end_at

),

donor_years as (

    select
        customer_id,
        sum(case when years_ago = -1 then revenue_usd end) as last_year_usd,
        count(case when years_ago = -1 then 1 end) as last_year_gifts,
        count(case when years_ago = 0 then 1 end) as this_year_gifts
    from donations
    group by customer_id

),

lybunt as (

    select
        audiences.audience,
        donor_years.customer_id,
        cast({{ dbt.date_trunc('year', 'bounds.data_end_date') }} as date) as since,
        'Gave $' || cast(cast(round(donor_years.last_year_usd) as bigint) as varchar) || ' in '
        || cast(extract(year from bounds.data_end_date) - 1 as varchar) || ' ('
        || cast(donor_years.last_year_gifts as varchar) || ' gift(s)); nothing in '
        || cast(extract(year from bounds.data_end_date) as varchar) || ' up to '
        || cast(bounds.data_end_date as varchar) as reason
    from donor_years
    cross join {{ ref('int_data_bounds') }} as bounds
    cross join audiences
    where audiences.rule = 'lybunt' and donor_years.last_year_gifts > 0 and donor_years.this_year_gifts = 0

),

members as (

    select * from renewal_due
    union all
    select * from bad_support
    union all
    select * from next_event_missed
    union all
    select * from lybunt

),

final as (

    select
        members.customer_id,
        members.audience,
        members.reason,
        members.since,
        audiences.suggested_action,
        audiences.department,
        bounds.data_end_date as as_of_date
    from members
    inner join audiences on members.audience = audiences.audience
    cross join {{ ref('int_data_bounds') }} as bounds

)

select * from final
