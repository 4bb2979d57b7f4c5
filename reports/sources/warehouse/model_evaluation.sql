-- reporting.mart_model_evaluation with plain names and each value written in its own unit
select
    case model
        when 'lapse_propensity' then 'Lapse risk'
        when 'clv_bgnbd' then 'Customer value (BG/NBD)'
        else replace(model, '_', ' ')
    end as model_name,
    sample,
    replace(metric, '_', ' ') as metric_name,
    value,
    case
        when metric in ('customers', 'actual_transactions') then format('{:,}', cast(round(value) as bigint))
        when metric = 'predicted_transactions' then format('{:,.1f}', value)
        when metric in ('lapse_rate') then format('{:.1f} %', 100 * value)
        when metric like '%_pct' then format('{:+.1f} %', value)
        else format('{:.3f}', value)
    end as value_text,
    definition,
    model,
    metric
from reporting.mart_model_evaluation
