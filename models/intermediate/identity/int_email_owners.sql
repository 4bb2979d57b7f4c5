{#- Who each normalized email address belongs to: the resolved customer (NULL for an address of an
    anonymous cluster) and whether that identity is a test record's. For the facts that meet a
    person only through an address (email sends, event registrations). -#}

with

final as (

    select
        identifier_value as email,
        customer_id,
        is_test
    from {{ ref('int_identifiers_resolved') }}
    where identifier_type = 'email'

)

select * from final
