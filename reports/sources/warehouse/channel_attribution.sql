select model, channel, conversions, revenue_usd, conversions_low, conversions_high
from reporting.mart_channel_attribution
order by model, conversions desc
