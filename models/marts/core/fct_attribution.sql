{#- One row per (journey, touchpoint, model) with the touchpoint's credit (int_attribution_credits
    holds the logic). Public and contracted. -#}

select * from {{ ref('int_attribution_credits') }}  -- noqa: AM04
