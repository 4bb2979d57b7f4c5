{#- One row per source system of the registry: whether the organisation has it connected, and what
    its latest delivery held (rows in, staged, quarantined), with the data's bounds: the report
    pages say "not connected" for a channel that is not, and show the data's as-of date. -#}

with

sources as (

    {% for file_name, spec in raw_file_models(include_disconnected=true).items() %}
        select
            '{{ spec[0] }}' as source_name,
            '{{ file_name }}' as raw_file,
            {{ 'true' if var('using_' ~ spec[0], true) else 'false' }} as is_connected
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        sources.source_name,
        sources.raw_file,
        sources.is_connected,
        coalesce(reconciliation.rows_in, 0) as rows_in,
        coalesce(reconciliation.rows_staged, 0) as rows_staged,
        coalesce(reconciliation.rows_quarantined, 0) as rows_quarantined,
        bounds.data_start_at,
        bounds.data_end_at
    from sources
    cross join {{ ref('int_data_bounds') }} as bounds
    left join {{ ref('raw_reconciliation') }} as reconciliation
        on reconciliation.source_file = sources.raw_file || '.csv'

)

select * from final
