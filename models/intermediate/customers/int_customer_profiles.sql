{#- The golden record (personal data): one row per resolved person (test customers left out), with the
    unmasked golden record (email, names), membership status, lifetime revenue, touchpoint counts,
    life-cycle stage, CLV and lapse propensity. dim_customers publishes it masked, restricted.customer_profiles
    unmasked. See dim_customers.yml for the survivorship and life-cycle rules. The touchpoint
    counts come from int_customer_touch_summary, which a day's build sums again only for the
    customers whose touchpoints changed. -#}

with

lapse as (

    select * from {{ ref('int_lapse_scores') }}
    where sample = 'score'

),

customers as (

    select
        customer_id,
        min(first_seen_at) as first_identified_at
    from {{ ref('int_identifiers_resolved') }}
    where customer_id is not null and not is_test
    group by customer_id

),

data_end as (

    -- "today" for the data: the latest touchpoint in the warehouse
    select bounds.data_end_date as as_of_date
    from {{ ref('int_data_bounds') }} as bounds

),

crm_records as (

    select
        resolved.customer_id,
        contacts.contact_id,
        contacts.email,
        contacts.first_name,
        contacts.last_name,
        contacts.country_code,
        contacts.last_modified_at,
        contacts.created_at
    from {{ ref('stg_crm__contacts') }} as contacts
    inner join {{ ref('int_identifiers_resolved') }} as resolved
        on resolved.identifier_type = 'crm_contact_id' and contacts.contact_id = resolved.identifier_value

),

usable_emails as (

    select
        customer_id,
        identifier_value as email,
        last_seen_at
    from {{ ref('int_identifiers_resolved') }}
    where identifier_type = 'email' and customer_id is not null

),

crm_golden as (

    -- CRM first: the most recently modified CRM record with a usable value wins, field by field
    select
        crm_records.customer_id,
        arg_max(usable_emails.email, (crm_records.last_modified_at, crm_records.contact_id)) as crm_email,
        arg_max(crm_records.first_name, (crm_records.last_modified_at, crm_records.contact_id))
        filter (where crm_records.first_name is not null) as first_name,
        arg_max(crm_records.last_name, (crm_records.last_modified_at, crm_records.contact_id))
        filter (where crm_records.last_name is not null) as last_name,
        arg_max(crm_records.country_code, (crm_records.last_modified_at, crm_records.contact_id))
        filter (where crm_records.country_code is not null) as country_code,
        count(distinct crm_records.contact_id) as crm_record_count
    from crm_records
    left join usable_emails
        on crm_records.customer_id = usable_emails.customer_id and crm_records.email = usable_emails.email
    group by crm_records.customer_id

),

phone_time_zones as (

    -- the zone of the person's most recently seen phone that names one
    select
        resolved.customer_id,
        arg_max(phone_zones.time_zone, (resolved.last_seen_at, resolved.identifier_value)) as time_zone
    from {{ ref('int_identifiers_resolved') }} as resolved
    inner join {{ ref('int_phone_time_zones') }} as phone_zones on resolved.identifier_value = phone_zones.phone_e164
    where resolved.identifier_type = 'phone' and resolved.customer_id is not null
    group by resolved.customer_id

),

other_emails as (

    -- no usable CRM email: the most recently seen email from any other source
    select
        customer_id,
        arg_max(email, (last_seen_at, email)) as email
    from usable_emails
    group by customer_id

),

registration_names as (

    select
        resolved.customer_id,
        arg_max(
            registrations.attendee_first_name, (registrations.registered_at, registrations.registration_id)
        ) as first_name,
        arg_max(
            registrations.attendee_last_name, (registrations.registered_at, registrations.registration_id)
        ) as last_name
    from {{ ref('int_registrations_converted') }} as registrations
    inner join {{ ref('int_identifiers_resolved') }} as resolved
        on resolved.identifier_type = 'email' and registrations.attendee_email = resolved.identifier_value
    group by resolved.customer_id

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
        coalesce(crm_golden.crm_email, other_emails.email) as primary_email,
        coalesce(crm_golden.first_name, registration_names.first_name) as first_name,
        coalesce(crm_golden.last_name, registration_names.last_name) as last_name,
        crm_golden.country_code,
        coalesce(phone_time_zones.time_zone, country_zones.time_zone, 'UTC') as time_zone,
        case
            when phone_time_zones.time_zone is not null then 'phone'
            when country_zones.time_zone is not null then 'country'
            else 'utc'
        end as time_zone_source,
        coalesce(crm_golden.crm_record_count, 0) as crm_record_count,
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
    from customers
    cross join data_end
    left join crm_golden on customers.customer_id = crm_golden.customer_id
    left join {{ ref('country_time_zones') }} as country_zones on crm_golden.country_code = country_zones.country_code
    left join phone_time_zones on customers.customer_id = phone_time_zones.customer_id
    left join other_emails on customers.customer_id = other_emails.customer_id
    left join registration_names on customers.customer_id = registration_names.customer_id
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
