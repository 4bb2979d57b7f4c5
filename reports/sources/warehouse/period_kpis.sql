-- reporting.mart_period_kpis: every period-selector figure, current and previous side by side
select
    current_period.period_days,
    case when current_period.period_days = 0 then 'all' else 'last_' || current_period.period_days end
        as period_key,
    current_period.period_label,
    current_period.period_order,
    current_period.topic,
    current_period.item,
    current_period.breakdown,
    current_period.measure,
    current_period.window_start,
    current_period.window_end,
    current_period.value,
    previous_period.window_start as previous_start,
    previous_period.window_end as previous_end,
    previous_period.value as previous_value,
    case
        when previous_period.value <> 0 then current_period.value / previous_period.value - 1
    end as change,
    case
        when current_period.period_days = 0
            then 'All the data, up to ' || strftime(current_period.window_end, '%B %-d, %Y')
            || ' (no previous period to compare with).'
        else
            'From ' || strftime(current_period.window_start, '%B %-d, %Y') || ' to '
            || strftime(current_period.window_end, '%B %-d, %Y') || ', against '
            || strftime(min(previous_period.window_start) over (partition by current_period.period_days), '%B %-d, %Y') || ' to '
            || strftime(min(previous_period.window_end) over (partition by current_period.period_days), '%B %-d, %Y')
            || case
                when bool_and(previous_period.covers_every_system) over (partition by current_period.period_days)
                    then '.'
                else '. Careful: not every system was delivering data yet in the previous period, so a rise'
                    || ' partly reflects systems joining, not growth.'
            end
    end as period_text
from reporting.mart_period_kpis as current_period
left join reporting.mart_period_kpis as previous_period
    on
        current_period.period_days = previous_period.period_days
        and previous_period.comparison = 'previous'
        and current_period.topic = previous_period.topic
        and current_period.item = previous_period.item
        and current_period.breakdown = previous_period.breakdown
        and current_period.measure = previous_period.measure
where current_period.comparison = 'current'
