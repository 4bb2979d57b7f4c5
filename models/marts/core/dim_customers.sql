{#- One row per resolved person, for BI: restricted.customer_profiles without the personal data
    (the email is masked and hashed, names are left out). See dim_customers.yml. -#}

with

profiles as (

    select * from {{ ref('int_customer_profiles') }}

)

select
    customer_id,
    {{ mask_email('primary_email') }} as primary_email,
    {{ pseudonymize('primary_email') }} as primary_email_sha256,
    country_code,
    time_zone,
    time_zone_source,
    crm_record_count,
    first_seen_at,
    last_seen_at,
    is_member,
    has_been_member,
    member_since,
    membership_plan,
    lifetime_revenue_usd,
    touchpoint_count,
    channel_count,
    conversion_count,
    first_conversion_at,
    last_conversion_at,
    donation_count,
    order_count,
    events_attended,
    negative_touchpoint_count,
    latest_nps_type,
    engaged_touchpoint_count,
    as_of_date,
    lifecycle_stage,
    clv_12m_usd,
    expected_transactions_12m,
    probability_active,
    lapse_probability,
    lapse_risk_segment,
    value_segment
from profiles
