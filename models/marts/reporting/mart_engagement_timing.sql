{#- When people engage: touches by day of the week x hour of the day, per channel and touchpoint
    type, on the customer's own clock (dim_customers.time_zone) where it is known, on UTC otherwise
    (`clock` says which: anonymous visitors and customers whose phone and country name no zone;
    zone_hour_offsets converts each zone's hours once, not each touch).
    Segments: all, members (ever a member) and non_members. Membership actions and print mail
    carry a date without a time and are left out. -#}

with

touches as {{ inline_cte() }} (

    -- computed for each of its two readers: holding its 15M rows took 9 of the 23 s at 1M people
    select
        touchpoints.touchpoint_id,
        touchpoints.customer_id,
        touchpoints.channel,
        touchpoints.touchpoint_type,
        case
            when touchpoints.customer_id is not null
                then case when coalesce(customers.has_been_member, false) then 'members' else 'non_members' end
        end as membership_segment,
        {{ clock_kind('customers') }} as clock,
        case when {{ clock_kind('customers') }} = 'local' then customers.time_zone end as local_zone,
        touchpoints.occurred_at
    from {{ ref('fct_touchpoints') }} as touchpoints
    left join {{ ref('dim_customers') }} as customers on touchpoints.customer_id = customers.customer_id
    where touchpoints.source_system not in ('memberships', 'direct_mail')

),

zone_offsets as (

    {{ zone_hour_offsets('touches', 'occurred_at', 'local_zone') }}

),

clocked as (

    select
        touches.touchpoint_id,
        touches.customer_id,
        touches.channel,
        touches.touchpoint_type,
        touches.membership_segment,
        touches.clock,
        {{ on_zone_clock('touches.occurred_at', 'touches.local_zone', 'zone_offsets') }} as clock_at
    from touches
    left join zone_offsets
        on
            touches.local_zone = zone_offsets.time_zone
            and {{ dbt.date_trunc('hour', 'touches.occurred_at') }} = zone_offsets.utc_hour

),

cells_by_segment as (

    -- per membership segment (NULL: anonymous visitors); a customer is in one segment, so `all`
    -- adds the segments up below, people included (counting `all` apart fed every customer's
    -- touches to the distinct count twice: 30M rows at 1M people)
    select
        membership_segment,
        channel,
        touchpoint_type,
        clock,
        cast({{ iso_day_of_week('clock_at') }} as integer) as day_of_week,
        cast(extract(hour from clock_at) as integer) as hour_of_day,
        count(*) as touches,
        count(distinct customer_id) as people
    from clocked
    group by membership_segment, channel, touchpoint_type, clock, day_of_week, hour_of_day

),

cells as (

    select
        membership_segment as segment,
        channel,
        touchpoint_type,
        clock,
        day_of_week,
        hour_of_day,
        touches,
        people
    from cells_by_segment
    where membership_segment is not null
    union all
    select
        'all' as segment,
        channel,
        touchpoint_type,
        clock,
        day_of_week,
        hour_of_day,
        cast(sum(touches) as bigint) as touches,
        cast(sum(people) as bigint) as people
    from cells_by_segment
    group by channel, touchpoint_type, clock, day_of_week, hour_of_day

),

final as (

    select
        segment,
        channel,
        touchpoint_type,
        clock,
        day_of_week,
        {{ iso_day_name('day_of_week') }} as day_name,
        hour_of_day,
        touches,
        people,
        touches * 1.0 / sum(touches) over (partition by segment, channel, touchpoint_type, clock) as touch_share
    from cells

)

select * from final
