{#- Published as is from int_touchpoint_next_conversion (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_touchpoint_next_conversion') }}  -- noqa: AM04
