{#- Published as is from int_lapse_scores (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_lapse_scores') }}  -- noqa: AM04
