{#- Published as is from int_membership_terms (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_membership_terms') }}  -- noqa: AM04
