{#- Published as is from int_markov_removal_effects (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_markov_removal_effects') }}  -- noqa: AM04
