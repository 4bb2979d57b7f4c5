{#- Published as is from int_attribution_intervals (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_attribution_intervals') }}  -- noqa: AM04
