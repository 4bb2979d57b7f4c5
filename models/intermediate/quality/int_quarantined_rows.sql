{#- Every raw row that failed validation, from every file of an enabled source: the rows staging
    quarantined, and the staged money rows the currency conversion could not convert
    (int_currency_rejects), each with its reason and its raw row, masked (published in
    audit.quarantine) and as delivered (restricted.quarantined_rows). -#}

with

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}.csv' as source_file,
            base.source_record_id,
            base._line_number as row_number,
            coalesce(base.dq_reason, rejects.reason) as reason,
            base.raw_row,
            base.raw_row_unmasked
        from {{ ref(spec[1]) }} as base
        left join {{ ref('int_currency_rejects') }} as rejects
            on
                rejects.source_file = '{{ file_name }}'
                and base._line_number = rejects.source_line_number
        where base.dq_status = 'quarantined' or rejects.reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
