{#- One row per raw file: every row that came in is staged, a duplicate, a superseded version
    (re-exported orders) or quarantined. rows_in is counted on the raw input itself. -#}

with

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}.csv' as source_file,
            (select count(*) from {{ raw_rows(file_name) }}) as rows_in,
            count(*) filter (where dq_status = 'staged') as rows_staged,
            count(*) filter (where dq_status = 'duplicate') as rows_duplicate,
            count(*) filter (where dq_status = 'superseded') as rows_superseded,
            count(*) filter (where dq_status = 'quarantined') as rows_quarantined,
            (select count(*) from {{ ref(spec[1]) }}) as rows_in_staging_model
        from {{ ref(spec[0]) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_file,
        rows_in,
        rows_staged,
        rows_duplicate,
        rows_superseded,
        rows_quarantined,
        rows_in_staging_model,
        rows_in = rows_staged + rows_duplicate + rows_superseded + rows_quarantined as is_reconciled
    from unioned

)

select * from final
