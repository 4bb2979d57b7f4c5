{#- One row per distinct web/app event, with the campaign parameters parsed out of the URL. -#}

with

staged as (

    select
        {{ staged_columns(ref('base_web__events')) }}
    from {{ ref('base_web__events') }}
    where dq_status = 'staged'

),

with_campaign as (

    select
        *,
        lower({{ url_parameter('page_location', 'utm_source') }}) as utm_source,
        lower({{ url_parameter('page_location', 'utm_medium') }}) as utm_medium,
        lower({{ url_parameter('page_location', 'utm_campaign') }}) as utm_campaign,
        {{ url_parameter('page_location', 'gclid') }} as gclid,
        {{ url_parameter('page_location', 'fbclid') }} as fbclid,
        {{ url_parameter('page_location', 'li_fat_id') }} as li_fat_id,
        {{ url_host('page_referrer') }} as referrer_host,
        {{ url_path('page_location') }} as page_path
    from staged

),

final as (

    select
        *,
        coalesce(gclid, fbclid, li_fat_id) as ad_click_id,
        coalesce(utm_source, utm_medium, utm_campaign, gclid, fbclid, li_fat_id) is not null
            as has_campaign_parameters
    from with_campaign

)

select * from final
