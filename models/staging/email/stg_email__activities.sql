with

activities as (

    select * from {{ ref('base_email__activities') }}

),

staged as (

    select
        activity_id,
        campaign_id,
        campaign_name,
        email,
        email_address_raw,
        action,
        occurred_at,
        url,
        lower({{ url_parameter('url', 'utm_campaign') }}) as utm_campaign,
        _line_number as source_line_number
    from activities
    where dq_status = 'staged'

)

select * from staged
