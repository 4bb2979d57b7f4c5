{#- One row per statistical fit the warehouse publishes, with the data's end it was made on. The
    fits are refit on a schedule (doc refit_on_schedule, tag refit): this table is written when
    they are, so between two refits it keeps the date of the last. -#}

with

fits as (

    select
        'customer_lifetime_value' as fit,
        'dim_customers.clv_12m_usd, fct_clv_evaluation, mart_model_evaluation' as published_in
    union all
    select
        'lapse_propensity' as fit,
        'dim_customers.lapse_probability, dim_customers.lapse_risk_segment, fct_lapse_scores, '
        || 'mart_model_evaluation' as published_in
    union all
    select
        'touchpoint_impact' as fit,
        'fct_touchpoint_impact_cells, mart_touchpoint_impact' as published_in

)

select
    fits.fit,
    bounds.data_end_date as fitted_through_date,
    fits.published_in
from fits
cross join {{ ref('int_data_bounds') }} as bounds
