{#- RESTRICTED (personal data): every identifier of every customer, unmasked. A thin projection of
    int_customer_identifiers; marts.customer_identifiers publishes the same rows masked. Published
    to a separate file (warehouse/restricted.duckdb), never to the BI file. -#}

with

identifiers as (

    select * from {{ ref('int_customer_identifiers') }}

),

final as (

    select
        customer_id,
        identifier_type,
        identifier_value,
        first_seen_at,
        last_seen_at
    from identifiers

)

select * from final
