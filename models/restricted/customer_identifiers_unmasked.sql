{#- RESTRICTED (personal data): every identifier of every customer, unmasked. A thin projection of
    int_customer_identifiers; marts.customer_identifiers publishes the same rows masked. Published
    to a separate file (warehouse/restricted.duckdb), never to the BI file. -#}

select * from {{ ref('int_customer_identifiers') }}  -- noqa: AM04
