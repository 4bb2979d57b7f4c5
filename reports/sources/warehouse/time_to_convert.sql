-- converted journeys by days from first touch to conversion
select
    case
        when days_to_convert < 1 then '0: same day'
        when days_to_convert < 3 then '1: 1-2 days'
        when days_to_convert < 7 then '2: 3-6 days'
        when days_to_convert < 14 then '3: 7-13 days'
        else '4: 14-30 days'
    end as days_bucket,
    count(*) as journeys,
    median(touchpoint_count) as median_touchpoints
from marts.fct_journeys
where is_converted
group by 1
order by 1
