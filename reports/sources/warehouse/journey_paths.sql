select path_kind, channel_path, step_count, journeys, conversions, conversion_rate, revenue_usd,
       avg_touchpoints, median_days_to_convert, path_rank
from reporting.mart_journey_paths
where path_rank <= 200
