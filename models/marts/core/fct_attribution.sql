{#- One row per (journey, touchpoint, model) with the touchpoint's credit (int_attribution_credits
    holds the logic). Public and contracted. -#}

with

attribution_credits as (

    select * from {{ ref('int_attribution_credits') }}

),

final as (

    select
        journey_id,
        touchpoint_id,
        channel,
        model,
        credit,
        revenue_credit_usd
    from attribution_credits

)

select * from final
