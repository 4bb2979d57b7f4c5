{#- Every usable identifier with the component it belongs to and, when that component identifies
    a person, its customer. A component is a customer when it holds at least one email, phone,
    CRM contact id or member number; components of only cookies, handles, ad click ids or offer
    codes are anonymous (customer_id NULL, anonymous_id set). A component holding a test CRM
    record is a test customer: it and everything resolved to it stay out of marts.

    Customer ids are stable across builds (source warehouse_state: each identifier's id in the
    previous publication):
    - a component keeps the previous id of its identifiers, however much it grew;
    - a previous id whose identifiers now sit in several components (a split) stays with the one
      holding most of them (then the one seen first, then the smallest key); the others get new ids;
    - a component holding several previous ids (a merge) keeps the oldest, the id whose identifiers
      were seen first (then the smallest id); the others are retired (int_identity_changes logs both);
    - a component with no previous id gets one derived from its content, a hash of its smallest
      person identifier (CRM ids first), so the same data gives the same ids on every rebuild,
      whatever order rows arrive in (salted when that hash was an id before). -#}

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
        -- the anonymous id, hashed once per component (per identifier: 2.2 s of this model's 12.6 s
        -- at 1M people, 6.3M identifiers in 1.6M components)
        'anon_' || substr(md5(min(placed.identifier_type || ':' || placed.identifier_value)), 1, 20) as anonymous_id,
        coalesce(bool_or(contact_flags.is_test), false) as is_test
    from placed
    left join contact_flags on {{ join_on('placed', 'contact_flags', ['identifier_type', 'identifier_value']) }}
    group by placed.component_idx

),

previous as (

    select
        identifier_type,
        identifier_value,
        customer_id as previous_id
    from {{ ref('stg_warehouse_state__customer_ids') }}

),

carried as (

    -- each person component's previous ids: how many of its identifiers had each, since when
    select
        placed.component_idx,
        component_keys.person_key,
        previous.previous_id,
        count(*) as identifiers,
        min(placed.first_seen_at) as first_seen_at
    from placed
    inner join component_keys on placed.component_idx = component_keys.component_idx
    inner join previous on {{ join_on('placed', 'previous', ['identifier_type', 'identifier_value']) }}
    where component_keys.person_key is not null
    group by placed.component_idx, component_keys.person_key, previous.previous_id

),

ranked as (

    select
        component_idx,
        previous_id,
        identifiers,
        first_seen_at,
        -- 1: the component this previous id stays with (split rule)
        row_number() over (
            partition by previous_id order by identifiers desc, first_seen_at asc, person_key asc
        ) as rank_for_id
    from carried

),

kept as (

    select
        component_idx,
        previous_id,
        -- 1: the id the component keeps among those that stay with it (merge rule: the oldest)
        row_number() over (partition by component_idx order by first_seen_at asc, previous_id asc) as rank_in_component
    from ranked
    where rank_for_id = 1

),

assigned as (

    select
        component_keys.component_idx,
        case
            when component_keys.person_key is null then null
            when kept.previous_id is not null then kept.previous_id
            when 'cus_' || substr(md5(component_keys.person_key), 1, 20) in (select previous.previous_id from previous)
                then 'cus_' || substr(md5('new:' || component_keys.person_key), 1, 20)
            else 'cus_' || substr(md5(component_keys.person_key), 1, 20)
        end as customer_id
    from component_keys
    left join kept on component_keys.component_idx = kept.component_idx and kept.rank_in_component = 1

),

final as (

    select
        placed.identifier_type,
        placed.identifier_value,
        placed.first_seen_at,
        placed.last_seen_at,
        assigned.customer_id,
        component_keys.anonymous_id,
        component_keys.is_test
    from placed
    inner join component_keys on placed.component_idx = component_keys.component_idx
    inner join assigned on placed.component_idx = assigned.component_idx

)

select * from final
