{#- Published as is from int_ad_spend_monthly (which holds the logic). Public and contracted. -#}

select * from {{ ref('int_ad_spend_monthly') }}  -- noqa: AM04
