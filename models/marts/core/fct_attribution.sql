{#- One row per (journey, touchpoint, model) with the touchpoint's credit: the five rule-based
    models (int_attribution_rule_credits, a column per model, written here as a row each) and
    Markov (int_attribution_markov_credits) hold the logic. Public and contracted. -#}

{% for model_name in attribution_rule_models() %}
    select
        journey_id,
        touchpoint_id,
        channel,
        '{{ model_name }}' as model,
        {{ model_name }} as credit,
        cast({{ model_name }} * journey_revenue_usd as decimal(18, 2)) as revenue_credit_usd
    from {{ ref('int_attribution_rule_credits') }}
    union all
{% endfor %}
select
    journey_id,
    touchpoint_id,
    channel,
    model,
    credit,
    revenue_credit_usd
from {{ ref('int_attribution_markov_credits') }}
