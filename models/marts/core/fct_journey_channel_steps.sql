{#- Published as is from int_journey_channel_steps (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_journey_channel_steps') }}  -- noqa: AM04
