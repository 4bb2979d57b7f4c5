{#- One row per distinct web/app event, with the campaign parameters parsed out of the URL
    (base_web__events parses them, once per line). -#}

{%- set campaign_columns = ['utm_source', 'utm_medium', 'utm_campaign', 'gclid', 'fbclid', 'li_fat_id',
                            'referrer_host', 'page_path'] %}

with

staged as (

    -- the URL's parts come parsed from the base model (parsed once per line there), after the
    -- line number as before
    {%- set columns = staged_columns(ref('base_web__events'), except=campaign_columns) %}
    select
        {{ columns }}
        {%- if columns | trim != '*' %},
        {{ campaign_columns | join(',\n        ') }}
        {%- endif %}
    from {{ ref('base_web__events') }}
    where dq_status = 'staged'

),

final as (

    select
        *,
        coalesce(gclid, fbclid, li_fat_id) as ad_click_id,
        coalesce(utm_source, utm_medium, utm_campaign, gclid, fbclid, li_fat_id) is not null
            as has_campaign_parameters
    from staged

)

select * from final
