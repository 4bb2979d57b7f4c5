{#- Published as is from int_clv_evaluation (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_clv_evaluation') }}  -- noqa: AM04
