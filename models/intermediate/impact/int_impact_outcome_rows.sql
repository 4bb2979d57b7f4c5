{%- set conversion_window = var('impact_conversion_window_days') -%}
{%- set churn_window = var('impact_churn_window_days') -%}

{#- One row per (index moment, outcome) of the touchpoint impact whose outcome window lies inside the
    data, in its stratum (month or campaign, member or not, converted before or not), with whether
    the outcome followed: joining is an outcome only for non-members, churn only for members. -#}

with

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

)

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
from {{ ref('int_impact_index_moments') }} as index_moments
inner join {{ ref('int_impact_moment_facts') }} as moment_facts
    on {{ join_on('index_moments', 'moment_facts', ['customer_id', 'touchpoint_id', 'index_at']) }}
inner join outcomes
    on
        case
            when outcomes.outcome = 'churn' then moment_facts.churn_observable and moment_facts.is_member
            when outcomes.outcome = 'membership_join'
                then moment_facts.conversion_observable and not moment_facts.is_member
            else moment_facts.conversion_observable
        end
