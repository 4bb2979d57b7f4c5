{#- One row per journey (int_journeys holds the logic). Public and contracted. -#}

select * from {{ ref('int_journeys') }}  -- noqa: AM04
