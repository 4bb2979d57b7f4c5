-- journeys that are nothing but an offline conversion (no earlier touch in the lookback, no
-- logged-in visit at the moment), by what was converted
select
    coalesce(conversion_type, 'other') as conversion_type,
    count(*) as journeys,
    sum(revenue_usd) as revenue_usd
from marts.fct_journeys
where is_converted and channel_path = 'offline'
group by 1
order by 2 desc
