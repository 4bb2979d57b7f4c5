{#- One row per distinct web/app event, with the campaign parameters parsed out of the URL
    (base_web__events parses them, once per line). -#}

{%- set campaign_columns = ['utm_source', 'utm_medium', 'utm_campaign', 'gclid', 'fbclid', 'li_fat_id',
                            'referrer_host', 'page_path'] %}
{#- the base model's columns, then the URL's parts (while dbt parses, and in unit tests: *) -#}
{%- set staged = staged_columns(ref('base_web__events'), except=campaign_columns) %}
{%- set columns = staged if staged | trim == '*' else staged ~ ',\n        ' ~ campaign_columns | join(',\n        ') %}

with

staged as (

    -- the URL's parts come parsed from the base model (parsed once per line there), after the
    -- line number as before
    select
        {{ columns }}
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
