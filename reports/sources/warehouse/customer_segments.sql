-- customers by life-cycle stage, lapse risk and value segment: counts and money only, no personal data
select
    lifecycle_stage,
    lapse_risk_segment,
    value_segment,
    count(*) as customers,
    count(*) filter (where is_member) as members,
    sum(lifetime_revenue_usd) as lifetime_revenue_usd,
    sum(clv_12m_usd) as clv_12m_usd,
    avg(lapse_probability) as avg_lapse_probability
from marts.dim_customers
group by all
