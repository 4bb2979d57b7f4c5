{#- Every usable identifier with the component it belongs to and, when that component identifies
    a person, its customer. A component is a customer when it holds at least one email, phone,
    CRM contact id or member number; components of only cookies, handles, ad click ids or offer
    codes are anonymous (customer_id NULL, anonymous_id set). customer_id is derived from the
    component's content (a hash of its smallest person identifier, CRM ids first), so the same
    data gives the same ids on every rebuild, whatever order rows arrive in. A component holding
    a test CRM record is a test customer: it and everything resolved to it stay out of marts. -#}

with

contact_flags as (

    -- as a plain equi-join key (a constant in a left join's condition makes DuckDB loop)
    select
        'crm_contact_id' as identifier_type,
        contact_id as identifier_value,
        is_test
    from {{ ref('stg_crm__contacts') }}

),

placed as (

    select
        screened.identifier_type,
        screened.identifier_value,
        screened.first_seen_at,
        screened.last_seen_at,
        -- an identifier without kept edges is not in int_identity_components: its own component
        coalesce(components.component_idx, -1 - screened.node_idx) as component_idx,
        case screened.identifier_type
            when 'crm_contact_id' then 1
            when 'member_number' then 2
            when 'email' then 3
            when 'phone' then 4
        end as person_priority
    from {{ ref('int_identifiers_screened') }} as screened
    left join {{ ref('int_identity_components') }} as components on screened.node_idx = components.node_idx
    where screened.is_usable

),

component_keys as (

    select
        placed.component_idx,
        min(
            case when placed.person_priority is not null
                    then placed.person_priority || ':' || placed.identifier_type || ':' || placed.identifier_value
            end
        ) as person_key,
        min(placed.identifier_type || ':' || placed.identifier_value) as any_key,
        coalesce(bool_or(contact_flags.is_test), false) as is_test
    from placed
    left join contact_flags on {{ join_on('placed', 'contact_flags', ['identifier_type', 'identifier_value']) }}
    group by placed.component_idx

),

final as (

    select
        placed.identifier_type,
        placed.identifier_value,
        placed.first_seen_at,
        placed.last_seen_at,
        case when component_keys.person_key is not null
                then 'cus_' || substr(md5(component_keys.person_key), 1, 20)
        end as customer_id,
        'anon_' || substr(md5(component_keys.any_key), 1, 20) as anonymous_id,
        component_keys.is_test
    from placed
    inner join component_keys on placed.component_idx = component_keys.component_idx

)

select * from final
