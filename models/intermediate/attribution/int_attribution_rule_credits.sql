{#- One row per (converted journey, touchpoint) with the touchpoint's share of the conversion under
    each rule-based model, a column per model (attribution_rule_models); per (journey, model) the
    credits sum to 1. fct_attribution writes them as a row per model: the long form was five
    copies of every key (38M rows at 1M people), and a day's merge and commit of it took 29 s.
    first_touch, last_touch, linear (1/n), position_based (40/20/40: 40 % first, 40 % last, 20 % split over the middle; one touch
    gets 100 %, two touches 50/50), time_decay (weight 2^(-days before conversion / 7),
    normalized). The converting touchpoint is part of the path. The Markov credits, which depend
    on every journey, are int_attribution_markov_credits; fct_attribution publishes both.
    Incremental (a `cjw build` over the previous build): a journey's rule-based credits depend on
    its touchpoints alone, so the unit of reprocessing is the customer, as in
    int_journey_touchpoints: the customers it placed again in this run, and those with credits but
    no touchpoint any more, get theirs computed again; every other customer keeps its rows. -#}

{%- set incremental = incremental_run() %}
{#- in an incremental run, the changed customers only -#}
{%- set changed_only = 'customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}

with

{% if incremental -%}
changed_customers as {{ held_cte() }} (

    {{ named_units_of(ref('int_journey_touchpoints')) }}

),

{% endif -%}
positioned as (

    select
        journey_id,
        customer_id,
        touchpoint_id,
        channel,
        coalesce(journey_revenue_usd, 0) as journey_revenue_usd,
        row_number() over (partition by journey_id order by seq) as position,
        count(*) over (partition by journey_id) as touch_count,
        pow(2.0, -greatest(days_before_conversion, 0) / 7.0) as decay_weight
    from {{ ref('int_journey_touchpoints') }}
    where is_converted and {{ changed_only }}

),

credits as (

    select
        journey_id,
        customer_id,
        touchpoint_id,
        channel,
        journey_revenue_usd,
        case when position = 1 then 1.0 else 0.0 end as first_touch,
        case when position = touch_count then 1.0 else 0.0 end as last_touch,
        1.0 / touch_count as linear,
        case
            when touch_count = 1 then 1.0
            when touch_count = 2 then 0.5
            when position in (1, touch_count) then 0.4
            else 0.2 / (touch_count - 2)
        end as position_based,
        -- the weights summed exactly (exact_sum): a sum of doubles depends on the order the
        -- journey's rows arrive in (98 of 7.6M credits at 1M people differed in their last bits
        -- between a run on one thread and one on two)
        decay_weight / {{ exact_sum('decay_weight', over='partition by journey_id') }}
            as time_decay
    from positioned

),

final as (

    select
        journey_id,
        touchpoint_id,
        channel,
        {% for model_name in attribution_rule_models() %}
            cast({{ model_name }} as double) as {{ model_name }},
        {% endfor %}
        journey_revenue_usd,
        customer_id,
        -- the run that computed the row (a day's tests read the rows it wrote, macros/get_where_subquery.sql)
        '{{ invocation_id }}' as _built_by
    from credits
    {%- if incremental %}
    union all
    -- every changed customer, also one without a converted journey any more: a row without a
    -- touchpoint removes their credits (replace_units)
    select
        null as journey_id,
        null as touchpoint_id,
        null as channel,
        {% for model_name in attribution_rule_models() %}
            null as {{ model_name }},
        {% endfor %}
        null as journey_revenue_usd,
        customer_id,
        '{{ invocation_id }}' as _built_by
    from changed_customers
    {%- endif %}

)

select * from final
