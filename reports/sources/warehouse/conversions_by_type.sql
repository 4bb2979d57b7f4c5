select conversion_type, count(*) as journeys, median(days_to_convert) as median_days_to_convert,
       avg(touchpoint_count) as avg_touchpoints, sum(revenue_usd) as revenue_usd
from marts.fct_journeys
where is_converted
group by 1
order by 2 desc
