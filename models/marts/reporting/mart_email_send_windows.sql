{#- Email opens and clicks by the hour the email reached the recipient, on the recipient's own
    clock (dim_customers.time_zone), in 1-hour and 3-hour windows, per segment (all, members ever,
    non_members), with 95 % Wilson intervals. A window is the best send window only when its
    open-rate interval lies above the interval of every other window with at least
    var('timing_min_sends') sends (and it has as many itself): where no window stands clear, none
    is named. Only sends whose response window had closed count (fct_email_sends.is_outcome_known);
    sends to a recipient of no known clock (no zone from phone or country, or no customer) cannot
    be placed in local time and are counted in `sends_left_out`; a recipient who is no customer
    counts in `all` only. -#}

with

segments as (

    {{ value_list('segment', ['all', 'members', 'non_members']) }}

),

window_sizes as (

    {{ value_list('window_hours', [1, 3]) }}

),

sends as {{ inline_cte() }} (

    -- computed where each reader needs it (the zones' hours, the sends' hours), not held: holding
    -- all 16.4M sends of 1M people took most of this model's 5.7 s; read twice, 3.3 s
    select
        sends.send_id,
        sends.customer_id,
        sends.is_opened,
        sends.is_clicked,
        case
            when sends.customer_id is not null
                then case when coalesce(customers.has_been_member, false) then 'members' else 'non_members' end
        end as membership_segment,
        {{ clock_kind('customers') }} = 'local' as is_on_local_clock,
        case when {{ clock_kind('customers') }} = 'local' then customers.time_zone end as local_zone,
        sends.sent_at
    from {{ ref('fct_email_sends') }} as sends
    left join {{ ref('dim_customers') }} as customers on sends.customer_id = customers.customer_id
    where sends.is_outcome_known

),

zone_offsets as (

    -- each zone's hours converted once, not each send
    {{ zone_hour_offsets('sends', 'sent_at', 'local_zone') }}

),

final_sends as (

    select
        sends.send_id,
        sends.customer_id,
        sends.is_opened,
        sends.is_clicked,
        sends.membership_segment,
        sends.is_on_local_clock,
        cast(extract(hour from {{ on_zone_clock('sends.sent_at', 'sends.local_zone', 'zone_offsets') }}) as integer)
            as clock_hour
    from sends
    left join zone_offsets
        on
            sends.local_zone = zone_offsets.time_zone
            and {{ dbt.date_trunc('hour', 'sends.sent_at') }} = zone_offsets.utc_hour

),

per_hour as (

    -- the sends counted per segment, clock and hour first: a few hundred rows, where the segments
    -- and the window sizes fan out (16.5M sends, fanned out first, were 66M rows to count at 1M
    -- people)
    select
        membership_segment,
        is_on_local_clock,
        case when is_on_local_clock then clock_hour end as local_hour,
        count(*) as sends,
        count(case when is_opened then 1 end) as opens,
        count(case when is_clicked then 1 end) as clicks
    from final_sends
    group by membership_segment, is_on_local_clock, local_hour

),

segmented as (

    select
        segments.segment,
        per_hour.is_on_local_clock,
        per_hour.local_hour,
        per_hour.sends,
        per_hour.opens,
        per_hour.clicks
    from per_hour
    inner join segments on segments.segment in ('all', per_hour.membership_segment)

),

left_out as (

    select
        segment,
        cast(sum(case when not coalesce(is_on_local_clock, false) then sends else 0 end) as bigint) as sends_left_out
    from segmented
    group by segment

),

windows as (

    select
        segmented.segment,
        window_sizes.window_hours,
        segmented.local_hour - segmented.local_hour % window_sizes.window_hours as window_start_hour,
        cast(sum(segmented.sends) as bigint) as sends,
        cast(sum(segmented.opens) as bigint) as opens,
        cast(sum(segmented.clicks) as bigint) as clicks
    from segmented
    cross join window_sizes
    where segmented.is_on_local_clock
    group by segmented.segment, window_sizes.window_hours, window_start_hour

),

rated as (

    select
        segment,
        window_hours,
        window_start_hour,
        sends,
        opens,
        clicks,
        {{ rate_with_interval('opens', 'sends', 'open_rate') }},
        {{ rate_with_interval('clicks', 'sends', 'click_rate') }},
        sends >= {{ var('timing_min_sends') }} as is_comparable
    from windows

),

rivals as (

    -- for each comparable window: the other comparable windows of its segment and size whose
    -- open-rate interval reaches its lower end
    select
        candidate.segment,
        candidate.window_hours,
        candidate.window_start_hour,
        count(other.window_start_hour) as comparable_others,
        count(case when other.open_rate_high >= candidate.open_rate_low then 1 end) as overlapping_others
    from rated as candidate
    left join rated as other
        on
            candidate.segment = other.segment
            and candidate.window_hours = other.window_hours
            and candidate.window_start_hour <> other.window_start_hour
            and other.is_comparable
    where candidate.is_comparable
    group by candidate.segment, candidate.window_hours, candidate.window_start_hour

),

final as (

    select
        rated.segment,
        rated.window_hours,
        rated.window_start_hour,
        lpad(cast(rated.window_start_hour as varchar), 2, '0') || ':00–'
        || lpad(cast(rated.window_start_hour + rated.window_hours as varchar), 2, '0') || ':00' as window_label,
        rated.sends,
        rated.opens,
        rated.open_rate,
        rated.open_rate_low,
        rated.open_rate_high,
        rated.clicks,
        rated.click_rate,
        rated.click_rate_low,
        rated.click_rate_high,
        rated.is_comparable,
        coalesce(rivals.comparable_others > 0 and rivals.overlapping_others = 0, false) as is_best_window,
        left_out.sends_left_out
    from rated
    inner join left_out on rated.segment = left_out.segment
    left join rivals on {{ join_on('rated', 'rivals', ['segment', 'window_hours', 'window_start_hour']) }}

)

select * from final
