{#- One row per (converted journey, touchpoint, model) with the touchpoint's share of the
    conversion. Per (journey, model) the credits sum to 1. Rule-based models:
    first_touch, last_touch, linear (1/n), position_based (40/20/40: 40 % first, 40 % last, 20 %
    split over the middle; one touch gets 100 %, two touches 50/50), time_decay (weight
    2^(-days before conversion / 7), normalized). markov: the journey's credit split over its
    channels in proportion to their removal effects (int_markov_removal_effects), evenly over the
    touchpoints of one channel; a journey whose channels all have a zero removal effect falls back
    to linear. The converting touchpoint is part of the path.
    Incremental (a `cjw build` over the previous build): the rule-based credits of a journey depend
    on its touchpoints alone, so their unit of reprocessing is the customer (`_unit`), as in
    int_journey_touchpoints: the customers it placed again in this run, and those with credits but
    no touchpoint any more, get theirs computed again; every other customer keeps its rows. The
    Markov credits depend on the removal effects of all journeys, which every delivery moves: they
    are one unit (`_unit` = 'markov'), computed again whole at every build. -#}

{%- set incremental = incremental_run() %}
{#- in an incremental run, the rule-based credits of the changed customers only -#}
{%- set changed_only = 'customer_id in (select changed_customers.customer_id from changed_customers)'
    if incremental else 'true' %}

with

{% if incremental -%}
changed_customers as {{ held_cte() }} (

    select customer_id
    from {{ ref('int_journey_touchpoints') }}
    where _built_by = '{{ invocation_id }}'
    union
    select previous_credits._unit
    from {{ this }} as previous_credits
    where
        previous_credits.model = 'first_touch'
        and not exists (
            select 1
            from {{ ref('int_journey_touchpoints') }} as journey_touchpoints
            where journey_touchpoints.customer_id = previous_credits._unit
        )

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
        count(*) over (partition by journey_id, channel) as channel_touch_count,
        pow(2.0, -greatest(days_before_conversion, 0) / 7.0) as decay_weight
    from {{ ref('int_journey_touchpoints') }}
    where is_converted

),

with_effects as (

    select
        positioned.*,
        coalesce(removal_effects.removal_effect, 0) as removal_effect,
        sum(positioned.decay_weight) over (partition by positioned.journey_id) as decay_total
    from positioned
    left join {{ ref('int_markov_removal_effects') }} as removal_effects on positioned.channel = removal_effects.channel

),

journey_effects as (

    -- sum of removal effects over the journey's distinct channels
    select
        journey_id,
        sum(removal_effect) as effect_total
    from (
        select distinct
            journey_id,
            channel,
            removal_effect
        from with_effects
    ) as distinct_channels
    group by journey_id

),

credits as (

    select
        with_effects.journey_id,
        with_effects.customer_id,
        with_effects.touchpoint_id,
        with_effects.channel,
        with_effects.journey_revenue_usd,
        case when with_effects.position = 1 then 1.0 else 0.0 end as first_touch,
        case when with_effects.position = with_effects.touch_count then 1.0 else 0.0 end as last_touch,
        1.0 / with_effects.touch_count as linear,
        case
            when with_effects.touch_count = 1 then 1.0
            when with_effects.touch_count = 2 then 0.5
            when with_effects.position in (1, with_effects.touch_count) then 0.4
            else 0.2 / (with_effects.touch_count - 2)
        end as position_based,
        with_effects.decay_weight / with_effects.decay_total as time_decay,
        case
            when journey_effects.effect_total > 0
                then with_effects.removal_effect / journey_effects.effect_total / with_effects.channel_touch_count
            else 1.0 / with_effects.touch_count
        end as markov
    from with_effects
    inner join journey_effects on with_effects.journey_id = journey_effects.journey_id

),

unpivoted as (

    {% for model_name in ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay', 'markov'] %}
        select
            journey_id,
            touchpoint_id,
            channel,
            '{{ model_name }}' as model,
            cast({{ model_name }} as double) as credit,
            journey_revenue_usd,
            {{ "'markov'" if model_name == 'markov' else 'customer_id' }} as _unit
        from credits
        where {{ 'true' if model_name == 'markov' else changed_only }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        journey_id,
        touchpoint_id,
        channel,
        model,
        credit,
        cast(credit * journey_revenue_usd as decimal(18, 2)) as revenue_credit_usd,
        _unit,
        -- the run that computed the row (a day's tests read the rows it wrote, macros/get_where_subquery.sql)
        '{{ invocation_id }}' as _built_by
    from unpivoted
    {%- if incremental %}
    union all
    -- every changed customer, also one without a converted journey any more: a row without a
    -- touchpoint removes their rule-based credits (replace_units)
    select
        null as journey_id,
        null as touchpoint_id,
        null as channel,
        null as model,
        null as credit,
        null as revenue_credit_usd,
        customer_id as _unit,
        '{{ invocation_id }}' as _built_by
    from changed_customers
    {%- endif %}

)

select * from final
