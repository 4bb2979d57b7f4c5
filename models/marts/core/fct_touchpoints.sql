{#- One row per interaction across all channels, resolved to the customer
    (int_touchpoints_identified holds the logic). Public and contracted. -#}

select * from {{ ref('int_touchpoints_identified') }}  -- noqa: AM04
