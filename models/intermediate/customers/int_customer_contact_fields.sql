{#- The contact fields of each resolved person's golden record (personal data): the survivorship of
    email, names, country and clock that int_customer_profiles publishes (dim_customers.yml
    describes the rules), one row per customer (test customers left out). A table of its own: the
    five aggregates per customer it joins and the profiles' own ran out of a 2.0 GB limit at 1M
    people on two threads, and took 12.3 s on one; apart, both run on two threads (1M day's build:
    4.6 + 5.4 s). -#}

with

customers as (

    select
        customer_id,
        min(first_seen_at) as first_identified_at
    from {{ ref('int_identifiers_resolved') }}
    where customer_id is not null and not is_test
    group by customer_id

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

final as (

    select
        customers.customer_id,
        customers.first_identified_at,
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
        coalesce(crm_golden.crm_record_count, 0) as crm_record_count
    from customers
    left join crm_golden on customers.customer_id = crm_golden.customer_id
    left join {{ ref('country_time_zones') }} as country_zones on crm_golden.country_code = country_zones.country_code
    left join phone_time_zones on customers.customer_id = phone_time_zones.customer_id
    left join other_emails on customers.customer_id = other_emails.customer_id
    left join registration_names on customers.customer_id = registration_names.customer_id

)

select * from final
