{#- The headline KPIs of the overview report: one row per KPI with its value and the definition
    the report prints next to it. -#}

with

quarantine as (

    select * from {{ ref('quarantine') }}

),

kpis as (

    select
        10 as display_order,
        'customers' as kpi,
        'count' as unit,
        cast(count(*) as double) as value,
        'Resolved people (one per person across every system, test records excluded).' as definition
    from {{ ref('dim_customers') }}
    union all
    select
        20 as display_order,
        'active_members' as kpi,
        'count' as unit,
        cast(count(*) filter (where is_member) as double) as value,
        'People with a membership term covering the data''s end date that was not cancelled.' as definition
    from {{ ref('dim_customers') }}
    union all
    select
        30 as display_order,
        'conversions' as kpi,
        'count' as unit,
        cast(count(*) filter (where is_conversion) as double) as value,
        'Completed orders and donations, membership joins and renewals, event registrations not cancelled.'
            as definition
    from {{ ref('fct_touchpoints') }}
    union all
    select
        40 as display_order,
        'revenue_usd' as kpi,
        'usd' as unit,
        cast(coalesce(sum(revenue_usd), 0) as double) as value,
        'Completed orders and donations, membership join/renew/upgrade amounts and ticket prices of '
        || 'registrations not cancelled, in USD at the rate of the transaction''s day; '
        || 'refunds and cancellations count 0.'
            as definition
    from {{ ref('fct_touchpoints') }}
    union all
    select
        50 as display_order,
        'nps' as kpi,
        'score' as unit,
        100.0 * (
            count(*) filter (where touchpoint_type = 'nps_promoter')
            - count(*) filter (where touchpoint_type = 'nps_detractor')
        )
        / nullif(count(*) filter (where touchpoint_type like 'nps\_%' escape '\'), 0) as value,
        'Net Promoter Score: % promoters (9-10) minus % detractors (0-6) of all NPS answers, '
        || 'anonymous included (-100 to 100).'
            as definition
    from {{ ref('fct_touchpoints') }}
    union all
    select
        60 as display_order,
        'csat' as kpi,
        'pct' as unit,
        100.0 * count(*) filter (where touchpoint_type in ('csat_satisfied', 'post_event_satisfied'))
        / nullif(count(*) filter (where touchpoint_type in (
            'csat_satisfied', 'csat_unsatisfied', 'post_event_satisfied', 'post_event_unsatisfied'
        )), 0) as value,
        'Share of CSAT and post-event survey answers scoring 4-5 (of 5), anonymous answers included.' as definition
    from {{ ref('fct_touchpoints') }}
    union all
    select
        70 as display_order,
        'support_csat' as kpi,
        'pct' as unit,
        100.0 * count(*) filter (where touchpoint_type = 'ticket_rated_good')
        / nullif(count(*) filter (where touchpoint_type in ('ticket_rated_good', 'ticket_rated_bad')), 0) as value,
        'Help-desk tickets rated good among tickets rated good or bad.' as definition
    from {{ ref('fct_touchpoints') }}
    union all
    select
        80 as display_order,
        'multichannel_journey_pct' as kpi,
        'pct' as unit,
        100.0 * count(*) filter (where is_converted and distinct_channel_count > 1)
        / nullif(count(*) filter (where is_converted), 0) as value,
        'Share of converted journeys whose touchpoints span more than one channel.' as definition
    from {{ ref('fct_journeys') }}
    union all
    select
        90 as display_order,
        'journey_conversion_rate_pct' as kpi,
        'pct' as unit,
        100.0 * count(*) filter (where is_converted) / nullif(count(*) filter (where not is_open), 0) as value,
        'Converted journeys among finished journeys (converted, or closed without a conversion).' as definition
    from {{ ref('fct_journeys') }}
    union all
    select
        100 as display_order,
        'median_days_to_convert' as kpi,
        'days' as unit,
        median(days_to_convert) filter (where is_converted) as value,
        'Median days from a converted journey''s first touchpoint to its conversion.' as definition
    from {{ ref('fct_journeys') }}
    union all
    select
        110 as display_order,
        'membership_renewal_rate_pct' as kpi,
        'pct' as unit,
        100.0 * count(*) filter (where term_outcome = 'renewed')
        / nullif(count(*) filter (where term_outcome <> 'undecided'), 0) as value,
        'Membership terms renewed (within the grace period) among terms whose outcome is known.' as definition
    from {{ ref('fct_membership_terms') }}
    union all
    select
        120 as display_order,
        'identified_touchpoint_pct' as kpi,
        'pct' as unit,
        100.0 * count(customer_id) / nullif(count(*), 0) as value,
        'Touchpoints linked to a known customer (the rest are anonymous web sessions, unlinked social '
        || 'handles, ad clicks and anonymous survey answers).' as definition
    from {{ ref('fct_touchpoints') }}
    union all
    select
        130 as display_order,
        'quarantined_rows' as kpi,
        'count' as unit,
        cast(count(*) as double) as value,
        'Raw rows rejected by validation and kept in audit.quarantine with the reason.' as definition
    from quarantine
    union all
    select
        140 as display_order,
        'raw_rows' as kpi,
        'count' as unit,
        cast(sum(rows_in) as double) as value,
        'Rows delivered in the raw exports (all files).' as definition
    from {{ ref('raw_reconciliation') }}

)

select
    kpi,
    cast(value as double) as value,
    unit,
    definition,
    display_order
from kpis
