{#- Every change of a customer id between publications: the log the previous build published
    (source warehouse_state) and this build's changes, read off the previous and the new id of
    each identifier. A previous id whose identifiers now belong to another id was merged into it
    (when the previous id is gone) or split (when it lives on, holding the rest); BI tools and
    exports follow a retired id to its survivor through the merges. A previous id that is no
    published customer's any more while none of its identifiers moved to another id was removed
    (customer_id NULL): a CRM record arrived that flags it as a test account, or a guardrail
    quarantined every identifier it had. -#}

with

moved as (

    -- identifiers that had one customer id in the previous publication and another now
    select
        previous.customer_id as previous_customer_id,
        resolved.customer_id,
        count(*) as identifiers_moved
    from {{ ref('stg_warehouse_state__customer_ids') }} as previous
    inner join {{ ref('int_identifiers_resolved') }} as resolved
        on {{ join_on('previous', 'resolved', ['identifier_type', 'identifier_value']) }}
    where resolved.customer_id is not null and resolved.customer_id <> previous.customer_id
    group by previous.customer_id, resolved.customer_id

),

this_build as (

    select
        moved.previous_customer_id,
        moved.customer_id,
        case
            when moved.previous_customer_id in (
                    select alive.customer_id from {{ ref('int_identifiers_resolved') }} as alive
                    where alive.customer_id is not null
                ) then 'split'
            else 'merge'
        end as change_kind,
        moved.identifiers_moved,
        bounds.data_end_date as changed_on
    from moved
    cross join {{ ref('int_data_bounds') }} as bounds

),

removed as (

    -- a previous id no published customer has now (int_customer_identifiers: what the previous
    -- ids were read from), whose identifiers moved nowhere
    select
        previous.customer_id as previous_customer_id,
        cast(null as varchar) as customer_id,
        'removed' as change_kind,
        count(*) as identifiers_moved,
        min(bounds.data_end_date) as changed_on
    from {{ ref('stg_warehouse_state__customer_ids') }} as previous
    cross join {{ ref('int_data_bounds') }} as bounds
    where
        previous.customer_id not in (
            select published.customer_id from {{ ref('int_customer_identifiers') }} as published
        )
        and previous.customer_id not in (select moved.previous_customer_id from moved)
    group by previous.customer_id

),

final as (

    -- the log so far (the last publication of this model; the same columns), and this build's changes
    select * from {{ ref('stg_warehouse_state__identity_changes') }}
    union
    select * from this_build
    union
    select * from removed

)

select * from final  -- noqa: AM04
