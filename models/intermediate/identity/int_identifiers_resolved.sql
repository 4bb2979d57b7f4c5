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
      whatever order rows arrive in (salted when that hash was an id before).

    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is the
    identifier, and a component is resolved again whole. A component is numbered by its smallest
    node (int_identity_components), so one whose identifiers did not change keeps its number.
    The identifiers touched in a run are those screened again as another node (new, gone,
    quarantined or released), those now in a component of another number, and those of test
    customers and test CRM contacts (the test flag comes from a component's CRM contacts; a test
    customer is not published, so its id comes from its content once the previous publication no
    longer holds it). Their components now, and the components now of every identifier of their
    components before, are resolved again; with them, as a safeguard, the components holding an
    identifier whose kept customer is a previous id one of those holds (the split rule ranks a
    previous id over every component holding it; when the kept build is the previous publication,
    as in a day's build, they are already in). Every other identifier keeps its row: its
    component and its previous id are what they were when the row was written, and so is the
    row, but for the times it was first and last seen, which its screening gives (an identifier
    only seen again gets them anew; they count in the split and merge rules, which only concern
    components that changed). A touched identifier no longer usable loses its row. -#}

{%- set incremental = incremental_run() %}
{%- set scope = 'in_scope' if incremental else 'placed' %}

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
        screened._unit,
        screened.node_idx,
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

{% if incremental -%}
kept_rows as (

    select
        _unit,
        node_idx,
        component_idx,
        customer_id,
        is_test
    from {{ this }}

),

screened_named as (

    -- screened again with a change, or gone
    {{ named_units_of(ref('int_identifiers_screened'), '_unit') }}

),

touched as (

    -- of those, the identifiers that are not the same usable node as before: new, gone,
    -- quarantined or released (one only seen at other times keeps its component: retimed below)
    select screened_named._unit
    from screened_named
    left join placed on screened_named._unit = placed._unit
    left join kept_rows on screened_named._unit = kept_rows._unit
    where placed.node_idx is distinct from kept_rows.node_idx
    union
    -- in another component now (a node no longer linked is a component of its own)
    select kept_rows._unit
    from kept_rows
    left join {{ ref('int_identity_components') }} as components on kept_rows.node_idx = components.node_idx
    where coalesce(components.component_idx, -1 - kept_rows.node_idx) <> kept_rows.component_idx
    union
    -- a test customer's, and a test CRM contact's: a component that is or becomes a test
    -- customer (a few: QA accounts) is resolved again
    select _unit
    from kept_rows
    where is_test
    union
    select 'crm_contact_id:' || identifier_value as _unit
    from contact_flags
    where is_test

),

touched_before as (

    -- the touched identifiers' components in the kept build
    select distinct kept_rows.component_idx
    from kept_rows
    inner join touched on kept_rows._unit = touched._unit

),

kept_placed as (

    -- each kept identifier's component now, beside its component and customer then
    select
        kept_rows.component_idx as kept_component_idx,
        kept_rows.customer_id as kept_customer_id,
        placed.component_idx
    from kept_rows
    inner join placed on kept_rows.node_idx = placed.node_idx

),

affected as (

    select placed.component_idx
    from placed
    inner join touched on placed._unit = touched._unit
    union
    select kept_placed.component_idx
    from kept_placed
    inner join touched_before on kept_placed.kept_component_idx = touched_before.component_idx

),

held_ids as (

    -- the previous ids the affected components hold
    select distinct previous.customer_id
    from placed
    inner join affected on placed.component_idx = affected.component_idx
    inner join {{ ref('stg_warehouse_state__customer_ids') }} as previous
        on {{ join_on('placed', 'previous', ['identifier_type', 'identifier_value']) }}

),

scope_components as (

    select component_idx from affected
    union
    -- the components now of the identifiers kept with one of those ids (a safeguard, see above)
    select kept_placed.component_idx
    from kept_placed
    inner join held_ids on kept_placed.kept_customer_id = held_ids.customer_id

),

in_scope as (

    select placed.*
    from placed
    inner join scope_components on placed.component_idx = scope_components.component_idx

),

{% endif -%}
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
    from {{ scope }} as placed
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
    from {{ scope }} as placed
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
        placed._unit,
        placed.identifier_type,
        placed.identifier_value,
        placed.first_seen_at,
        placed.last_seen_at,
        assigned.customer_id,
        'anon_' || substr(md5(component_keys.any_key), 1, 20) as anonymous_id,
        component_keys.is_test,
        placed.node_idx,
        placed.component_idx,
        -- the run that resolved the identifier last
        '{{ invocation_id }}' as _built_by
    from {{ scope }} as placed
    inner join component_keys on placed.component_idx = component_keys.component_idx
    inner join assigned on placed.component_idx = assigned.component_idx

){{ ',' if incremental }}

{%- if incremental %}

retimed as (

    -- an identifier screened again with a change, seen at other times only, in a component not
    -- resolved again: its kept row with the new times
    select
        placed._unit,
        placed.identifier_type,
        placed.identifier_value,
        placed.first_seen_at,
        placed.last_seen_at,
        kept_row.customer_id,
        kept_row.anonymous_id,
        kept_row.is_test,
        placed.node_idx,
        placed.component_idx,
        '{{ invocation_id }}' as _built_by
    from screened_named
    inner join placed on screened_named._unit = placed._unit
    inner join {{ this }} as kept_row on screened_named._unit = kept_row._unit
    where placed.component_idx not in (select scope_components.component_idx from scope_components)

)
{%- endif %}

select * from final
{%- if incremental %}
union all
select * from retimed
union all
-- a touched identifier no longer usable: named, so that replace_units deletes its row
{{ unit_removal_rows('touched', 'final') }}
{%- endif %}
