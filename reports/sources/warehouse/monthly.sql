-- one row per month: volumes, conversions and revenue over every touchpoint
select
    month,
    sum(touchpoints) as touchpoints,
    sum(conversions) as conversions,
    sum(revenue_usd) as revenue_usd,
    sum(converted_touchpoints) as converted_touchpoints,
    sum(known_touchpoints) as known_touchpoints
from reporting.mart_touchpoint_kpis
group by month
order by month
