with

interactions as (

    select * from {{ ref('base_social__interactions') }}

),

staged as (

    select
        interaction_id,
        network,
        handle,
        handle_raw,
        interaction_type,
        occurred_at,
        sentiment,
        message,
        _line_number as source_line_number
    from interactions
    where dq_status = 'staged'

)

select * from staged
