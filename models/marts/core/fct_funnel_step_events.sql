{#- Published as is from int_funnel_step_events (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_funnel_step_events') }}  -- noqa: AM04
