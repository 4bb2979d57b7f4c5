-- reporting.mart_headline_kpis with a plain name and the value written in its unit
select
    kpi,
    case kpi
        when 'customers' then 'Customers'
        when 'active_members' then 'Active members'
        when 'conversions' then 'Conversions'
        when 'revenue_usd' then 'Revenue'
        when 'nps' then 'Net Promoter Score'
        when 'csat' then 'Satisfaction (CSAT)'
        when 'support_csat' then 'Support satisfaction'
        when 'multichannel_journey_pct' then 'Multichannel journeys'
        when 'journey_conversion_rate_pct' then 'Journey conversion rate'
        when 'median_days_to_convert' then 'Median time to convert'
        when 'membership_renewal_rate_pct' then 'Membership renewal rate'
        when 'identified_touchpoint_pct' then 'Touchpoints tied to a person'
        when 'quarantined_rows' then 'Rows quarantined'
        when 'raw_rows' then 'Rows delivered'
        else replace(kpi, '_', ' ')
    end as kpi_name,
    value,
    case unit
        when 'count' then format('{:,}', cast(round(value) as bigint))
        when 'usd' then '$' || format('{:,}', cast(round(value) as bigint))
        when 'pct' then format('{:.1f} %', value)
        when 'days' then format('{:.1f} days', value)
        else format('{:.1f}', value)
    end as value_text,
    unit,
    definition,
    display_order
from reporting.mart_headline_kpis
order by display_order
