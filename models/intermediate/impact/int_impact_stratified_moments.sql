{#- One row per index moment of the touchpoint impact that counts for an outcome, in its stratum
    (month or campaign, member or not, converted before or not), with the outcomes it counts for
    and those that followed: a moment whose conversion window lies inside the data counts for the
    conversions (joining only if not a member then), a member's moment whose churn window lies
    inside the data counts for churn. int_impact_cells counts the moments of each outcome in one
    grouped pass: a row per (moment, outcome), as before, was four times the rows to write and
    read (75M at 1M people). -#}

select
    index_moments.kind,
    index_moments.customer_id,
    index_moments.touchpoint_type,
    index_moments.touch_segment,
    index_moments.stratum
    || case when moment_facts.is_member then '/member' else '/non-member' end
    || case when moment_facts.has_converted_before then '/converted' else '/new' end as stratum,
    index_moments.design,
    index_moments.index_at,
    moment_facts.is_member,
    moment_facts.conversion_observable as counts_for_conversions,
    moment_facts.churn_observable and moment_facts.is_member as counts_for_churn,
    moment_facts.had_conversion,
    moment_facts.had_membership_join,
    moment_facts.had_donation,
    moment_facts.had_purchase,
    moment_facts.had_event_registration,
    moment_facts.churned
from {{ ref('int_impact_index_moments') }} as index_moments
inner join {{ ref('int_impact_moment_facts') }} as moment_facts
    on {{ join_on('index_moments', 'moment_facts', ['customer_id', 'touchpoint_id', 'index_at']) }}
where moment_facts.conversion_observable or (moment_facts.churn_observable and moment_facts.is_member)
