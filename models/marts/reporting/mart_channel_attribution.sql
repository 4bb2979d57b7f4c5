{#- One row per (attribution model, channel): attributed conversions and revenue, with the 90 %
    bootstrap interval over journeys. Rule-based models: conversions = sum of credits. markov:
    the standard total, removal_effect / sum of removal effects x total conversions; its revenue
    is the sum of the journey-level markov revenue credits. -#}

with

summed as (

    select
        model,
        channel,
        {{ exact_sum('credit') }} as credited_conversions,
        sum(revenue_credit_usd) as revenue_usd
    from {{ ref('fct_attribution') }}
    group by model, channel

),

final as (

    select
        summed.model,
        summed.channel,
        case
            when summed.model = 'markov' then coalesce(removal_effects.markov_conversions, 0)
            else summed.credited_conversions
        end as conversions,
        cast(summed.revenue_usd as decimal(18, 2)) as revenue_usd,
        intervals.conversions_low,
        intervals.conversions_high,
        case when summed.model = 'markov' then removal_effects.removal_effect end as removal_effect
    from summed
    left join {{ ref('fct_markov_removal_effects') }} as removal_effects
        on summed.model = 'markov' and summed.channel = removal_effects.channel
    left join {{ ref('fct_attribution_intervals') }} as intervals
        on summed.model = intervals.model and summed.channel = intervals.channel

)

select * from final
