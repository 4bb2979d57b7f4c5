{#- RESTRICTED (personal data): the golden record per resolved person, unmasked. A thin projection
    of int_customer_profiles (which builds it); marts.dim_customers publishes the same rows masked.
    Published to a separate file (warehouse/restricted.duckdb), never to the BI file. -#}

select * from {{ ref('int_customer_profiles') }}  -- noqa: AM04
