{#- How well the lapse-propensity model ranks customers on the out-of-time holdout (customers
    active at the holdout cutoff, labelled by what they did in the following lapse_horizon_days,
    never seen in training), and how well the CLV transaction model predicted the last 26 weeks
    when fitted without them (int_clv_evaluation). AUC = the Mann-Whitney statistic: the chance that a random customer
    who lapsed got a higher score than a random one who did not (ties count one half). -#}

with

scores as (

    select * from {{ ref('fct_lapse_scores') }}
    where sample in ('train', 'holdout') and lapse_probability is not null

),

ranked as (

    select
        sample,
        lapsed,
        rank() over (partition by sample order by lapse_probability) as low_rank,
        count(*) over (partition by sample, lapse_probability) as tied
    from scores

),

auc as (

    select
        sample,
        count(*) as customers,
        count(*) filter (where lapsed) as positives,
        -- mid-rank of tied scores = lowest rank + (ties - 1) / 2
        (
            sum(low_rank + (tied - 1) / 2.0) filter (where lapsed)
            - count(*) filter (where lapsed) * (count(*) filter (where lapsed) + 1) / 2.0
        ) / (count(*) filter (where lapsed) * count(*) filter (where not lapsed)) as auc
    from ranked
    group by sample

),

metrics as (

    select
        'lapse_propensity' as model,
        sample,
        'auc' as metric,
        auc as value,
        'Area under the ROC curve (0.5 = chance).' as definition
    from auc
    union all
    select
        'lapse_propensity' as model,
        sample,
        'customers' as metric,
        customers as value,
        'Active customers scored (converted in the 365 days before the cutoff).' as definition
    from auc
    union all
    select
        'lapse_propensity' as model,
        sample,
        'lapse_rate' as metric,
        positives / customers as value,
        'Share of them who did not convert in the ' || {{ var('lapse_horizon_days') }} || ' days after the cutoff.'
            as definition
    from auc

),

evaluations as (

    select
        model,
        sample,
        metric,
        value,
        definition
    from metrics
    union all
    select
        'clv_bgnbd' as model,
        'holdout' as sample,
        metric,
        value,
        definition
    from {{ ref('fct_clv_evaluation') }}

)

select
    model,
    sample,
    metric,
    cast(value as double) as value,
    definition
from evaluations
