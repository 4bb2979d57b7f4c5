-- journeys by the month they ended: converted, lost (closed without converting), multichannel share
select
    cast(date_trunc('month', ended_at) as date) as month,
    count(*) filter (where is_converted) as converted_journeys,
    count(*) filter (where not is_converted and not is_open) as lost_journeys,
    count(*) filter (where is_open) as open_journeys,
    100.0 * count(*) filter (where is_converted and distinct_channel_count > 1)
        / nullif(count(*) filter (where is_converted), 0) as multichannel_pct
from marts.fct_journeys
group by 1
order by 1
