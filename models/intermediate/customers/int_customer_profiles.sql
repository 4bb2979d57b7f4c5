{#- The golden record (personal data): one row per resolved person (test customers left out), with the
    unmasked contact fields (email, names, country, clock: int_customer_contact_fields), membership
    status, lifetime revenue, touchpoint counts, life-cycle stage, CLV and lapse propensity.
    dim_customers publishes it masked, restricted.customer_profiles unmasked. See dim_customers.yml
    for the survivorship and life-cycle rules. The touchpoint counts come from
    int_customer_touch_summary, which a day's build sums again only for the customers whose
    touchpoints changed. -#}

with

lapse as (

    select * from {{ ref('int_lapse_scores') }}
    where sample = 'score'

),

data_end as (

    -- "today" for the data: the latest touchpoint in the warehouse
    select bounds.data_end_date as as_of_date
    from {{ ref('int_data_bounds') }} as bounds

),

membership_status as (

    select
        member_terms.customer_id,
        max(member_terms.term_end) filter (
            where member_terms.action in ('join', 'renew', 'upgrade') and member_terms.term_start <= data_end.as_of_date
        ) as current_term_end,
        max(member_terms.term_start) filter (
            where member_terms.action in ('join', 'renew', 'upgrade') and member_terms.term_start <= data_end.as_of_date
        ) as current_term_start,
        max(member_terms.action_date) filter (where member_terms.action = 'cancel') as last_cancelled_on,
        arg_max(
            member_terms.plan, (member_terms.action_date, member_terms.membership_event_id)
        ) as latest_plan,
        min(member_terms.action_date) filter (where member_terms.action = 'join') as joined_on,
        any_value(data_end.as_of_date) as as_of_date
    from {{ ref('int_membership_events_identified') }} as member_terms
    cross join data_end
    group by member_terms.customer_id

),

assembled as (

    select
        customers.customer_id,
        customers.primary_email,
        customers.first_name,
        customers.last_name,
        customers.country_code,
        customers.time_zone,
        customers.time_zone_source,
        customers.crm_record_count,
        coalesce(touch_summary.first_seen_at, customers.first_identified_at) as first_seen_at,
        coalesce(touch_summary.last_seen_at, customers.first_identified_at) as last_seen_at,
        coalesce(
            membership_status.current_term_end >= membership_status.as_of_date
            and (
                membership_status.last_cancelled_on is null
                or membership_status.last_cancelled_on < membership_status.current_term_start
            ),
            false
        ) as is_member,
        membership_status.joined_on is not null as has_been_member,
        membership_status.joined_on as member_since,
        membership_status.latest_plan as membership_plan,
        cast(coalesce(touch_summary.lifetime_revenue_usd, 0) as decimal(18, 2)) as lifetime_revenue_usd,
        coalesce(touch_summary.touchpoint_count, 0) as touchpoint_count,
        coalesce(touch_summary.channel_count, 0) as channel_count,
        coalesce(touch_summary.conversion_count, 0) as conversion_count,
        touch_summary.first_conversion_at,
        touch_summary.last_conversion_at,
        coalesce(touch_summary.donation_count, 0) as donation_count,
        coalesce(touch_summary.order_count, 0) as order_count,
        coalesce(touch_summary.events_attended, 0) as events_attended,
        coalesce(touch_summary.negative_touchpoint_count, 0) as negative_touchpoint_count,
        touch_summary.latest_nps_type,
        coalesce(touch_summary.engaged_touchpoint_count, 0) as engaged_touchpoint_count,
        data_end.as_of_date
    from {{ ref('int_customer_contact_fields') }} as customers
    cross join data_end
    left join membership_status on customers.customer_id = membership_status.customer_id
    left join {{ ref('int_customer_touch_summary') }} as touch_summary
        on customers.customer_id = touch_summary.customer_id

),

final as (

    select
        *,
        case
            when has_been_member and not is_member then 'lapsed'
            when
                conversion_count > 0
                and last_conversion_at < cast(as_of_date as timestamp) - interval '365 days'
                and last_seen_at < cast(as_of_date as timestamp) - interval '180 days'
                then 'lapsed'
            when conversion_count > 0 and latest_nps_type = 'nps_promoter' then 'advocacy'
            when conversion_count > 1 or is_member and member_since < cast(as_of_date as timestamp) - interval '1 year'
                then 'retention'
            when conversion_count = 1 then 'conversion'
            when engaged_touchpoint_count > 0 then 'consideration'
            else 'awareness'
        end as lifecycle_stage
    from assembled

)

select
    final.*,
    clv.clv_12m_usd,
    clv.expected_transactions_12m,
    clv.probability_active,
    lapse.lapse_probability,
    case
        when lapse.lapse_probability is null then 'not_active'
        when lapse.lapse_probability >= 0.5 then 'high'
        when lapse.lapse_probability >= 0.3 then 'medium'
        else 'low'
    end as lapse_risk_segment,
    case
        when clv.clv_12m_usd is null then 'no_transactions'
        when percent_rank() over (order by clv.clv_12m_usd nulls first, final.customer_id) >= 0.8 then 'top_20_pct'
        when percent_rank() over (order by clv.clv_12m_usd nulls first, final.customer_id) >= 0.5 then 'middle_30_pct'
        else 'bottom_50_pct'
    end as value_segment
from final
left join {{ ref('int_customer_clv') }} as clv on final.customer_id = clv.customer_id
left join lapse on final.customer_id = lapse.customer_id
