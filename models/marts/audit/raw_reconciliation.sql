{#- One row per raw file: every row that came in is staged, a duplicate, a superseded version
    (re-exported orders and CRM records) or quarantined (by staging, or by the currency conversion:
    int_currency_rejects). rows_in counts the base model, which holds every line of the file; the
    quality gate checks it against the rows the pre-flight counted in the delivered file. -#}

with

rejects as (

    select
        source_file,
        count(*) as n_rejects
    from {{ ref('int_currency_rejects') }}
    group by source_file

),

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}.csv' as source_file,
            count(*) as rows_in,
            count(*) filter (where base.dq_status = 'staged')
            - coalesce(max(rejects.n_rejects), 0) as rows_staged,
            count(*) filter (where base.dq_status = 'duplicate') as rows_duplicate,
            count(*) filter (where base.dq_status = 'superseded') as rows_superseded,
            count(*) filter (where base.dq_status = 'quarantined')
            + coalesce(max(rejects.n_rejects), 0) as rows_quarantined,
            (select count(*) from {{ ref(spec[2]) }}) - coalesce(max(rejects.n_rejects), 0) as rows_in_staging_model
        from {{ ref(spec[1]) }} as base
        left join rejects on rejects.source_file = '{{ file_name }}'
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
        rows_in = rows_staged + rows_duplicate + rows_superseded + rows_quarantined
        and rows_staged = rows_in_staging_model as is_reconciled
    from unioned

)

select * from final
