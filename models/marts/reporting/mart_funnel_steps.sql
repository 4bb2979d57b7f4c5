{#- Funnels with drop-off, by channel of entry. A person enters a funnel at their first step-1
    moment (its channel is the entry channel) and reaches step k at the first step-k moment at or
    after reaching step k-1 (a date-only moment, a membership action, counts from the start of
    its day, and is then taken as reached at the previous step's moment). Steps come from seeds/reference/funnel_steps.csv.
    The step events are read from their table by each step (inline_cte): held whole as a CTE that
    ten steps read, the 21.8M events of 1M people took 72-86 s; read per step, 11-17 s. -#}

with

step_events as {{ inline_cte() }} (

    select
        funnel,
        step_number,
        person_key,
        moment_id,
        channel,
        occurred_at,
        is_date_only,
        is_anonymous
    from {{ ref('fct_funnel_step_events') }}

),

step_names as (

    select
        funnel,
        step_number,
        min(step_name) as step_name
    from {{ ref('funnel_steps') }}
    group by funnel, step_number

),

first_moments as (

    -- a person's first step-1 moment: when they entered, and whether they stayed anonymous
    select
        funnel,
        person_key,
        bool_and(is_anonymous) as is_anonymous,
        min(occurred_at) as reached_at
    from step_events
    where step_number = 1
    group by funnel, person_key

),

reached_1 as (

    -- the entry channel: that of the first step-1 moment (the lowest moment_id among moments at the
    -- same time). Taken from the moments at the first time, grouped once more: an arg_min over a
    -- (time, moment) pair of every step-1 moment took 4.5 s of this model's 6.3 s at 1M people
    select
        first_moments.funnel,
        first_moments.person_key,
        any_value(first_moments.is_anonymous) as is_anonymous,
        coalesce(arg_min(step_events.channel, step_events.moment_id), 'unknown') as entry_channel,
        1 as step_number,
        any_value(first_moments.reached_at) as reached_at,
        cast(null as timestamp) as previous_reached_at
    from first_moments
    inner join step_events
        on
            {{ join_on('first_moments', 'step_events', ['funnel', 'person_key']) }}
            and first_moments.reached_at = step_events.occurred_at
            and step_events.step_number = 1
    group by first_moments.funnel, first_moments.person_key

),

{% for k in range(2, var('funnel_max_steps') + 1) %}
    reached_{{ k }} as (

        select
            reached.funnel,
            reached.person_key,
            any_value(reached.is_anonymous) as is_anonymous,
            any_value(reached.entry_channel) as entry_channel,
            {{ k }} as step_number,
            greatest(min(step_events.occurred_at), any_value(reached.reached_at)) as reached_at,
            any_value(reached.reached_at) as previous_reached_at
        from reached_{{ k - 1 }} as reached
        inner join step_events
            on
                {{ join_on('reached', 'step_events', ['funnel', 'person_key']) }}
                and step_events.step_number = {{ k }}
                and (
                    reached.reached_at <= step_events.occurred_at
                    or step_events.is_date_only and step_events.occurred_at >= date_trunc('day', reached.reached_at)
                )
        group by reached.funnel, reached.person_key

    ),

{% endfor %}
reached as (

    {% for k in range(1, var('funnel_max_steps') + 1) %}
        select * from reached_{{ k }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

by_channel as (

    select
        funnel,
        step_number,
        entry_channel,
        count(*) as persons,
        count(*) filter (where not is_anonymous) as known_persons,
        median(date_diff('second', previous_reached_at, reached_at) / 86400.0) as median_days_from_previous_step
    from reached
    group by funnel, step_number, entry_channel
    union all
    select
        funnel,
        step_number,
        'all' as entry_channel,
        count(*) as persons,
        count(*) filter (where not is_anonymous) as known_persons,
        median(date_diff('second', previous_reached_at, reached_at) / 86400.0) as median_days_from_previous_step
    from reached
    group by funnel, step_number

),

with_previous as (

    select
        by_channel.*,
        lag(by_channel.persons) over (
            partition by by_channel.funnel, by_channel.entry_channel order by by_channel.step_number
        ) as previous_step_persons,
        first_value(by_channel.persons) over (
            partition by by_channel.funnel, by_channel.entry_channel order by by_channel.step_number
        ) as entered_persons
    from by_channel

)

select
    with_previous.funnel,
    with_previous.step_number,
    step_names.step_name,
    with_previous.entry_channel,
    with_previous.persons,
    with_previous.known_persons,
    with_previous.previous_step_persons,
    with_previous.previous_step_persons - with_previous.persons as dropped_persons,
    with_previous.persons / with_previous.previous_step_persons as step_conversion_rate,
    with_previous.persons / with_previous.entered_persons as overall_conversion_rate,
    with_previous.median_days_from_previous_step
from with_previous
inner join step_names
    on with_previous.funnel = step_names.funnel and with_previous.step_number = step_names.step_number
