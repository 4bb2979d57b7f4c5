{#- One row per (journey, touchpoint, model) with the touchpoint's credit: the five rule-based
    models (int_attribution_rule_credits) and Markov (int_attribution_markov_credits) hold the
    logic. Public and contracted. -#}

select
    journey_id,
    touchpoint_id,
    channel,
    model,
    credit,
    revenue_credit_usd
from {{ ref('int_attribution_rule_credits') }}
union all
select
    journey_id,
    touchpoint_id,
    channel,
    model,
    credit,
    revenue_credit_usd
from {{ ref('int_attribution_markov_credits') }}
