{#- RESTRICTED (personal data): the golden record per resolved person, unmasked. A thin projection
    of int_customer_profiles (which builds it); marts.dim_customers publishes the same rows masked.
    Published to a separate file (warehouse/restricted.duckdb), never to the BI file. -#}

with

profiles as (

    select * from {{ ref('int_customer_profiles') }}

),

final as (

    select
        customer_id,
        primary_email,
        first_name,
        last_name,
        country_code,
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

)

select * from final
