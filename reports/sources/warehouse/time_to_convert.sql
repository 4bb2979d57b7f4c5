-- converted journeys by days from first touch to conversion (bucket_order keeps the buckets in time order)
select
    case
        when days_to_convert < 1 then 'same day'
        when days_to_convert < 3 then '1-2 days'
        when days_to_convert < 7 then '3-6 days'
        when days_to_convert < 14 then '7-13 days'
        else '14-30 days'
    end as days_bucket,
    case
        when days_to_convert < 1 then 1
        when days_to_convert < 3 then 2
        when days_to_convert < 7 then 3
        when days_to_convert < 14 then 4
        else 5
    end as bucket_order,
    count(*) as journeys,
    median(touchpoint_count) as median_touchpoints
from marts.fct_journeys
where is_converted
group by 1, 2
order by 2
