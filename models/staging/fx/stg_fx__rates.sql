with

rates as (

    select * from {{ ref('base_fx__rates') }}

),

staged as (

    select
        rate_date,
        currency,
        usd_per_unit,
        _line_number as source_line_number
    from rates
    where dq_status = 'staged'

)

select * from staged
