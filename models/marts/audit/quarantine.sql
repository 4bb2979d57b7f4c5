{#- Every raw row that failed validation, from every file: the contract's audit.quarantine. Rows
    staging quarantined, and staged money rows the currency conversion could not convert
    (int_currency_rejects), each with its reason and the raw row. -#}

with

rejects as (

    select * from {{ ref('int_currency_rejects') }}

),

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}.csv' as source_file,
            base.source_record_id,
            base._line_number as row_number,
            coalesce(base.dq_reason, rejects.reason) as reason,
            base.raw_row
        from {{ ref(spec[1]) }} as base
        left join rejects
            on
                rejects.source_file = '{{ file_name }}'
                and base._line_number = rejects.source_line_number
        where base.dq_status = 'quarantined' or rejects.reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_file,
        source_record_id,
        row_number,
        reason,
        raw_row,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as loaded_at
    from unioned

)

select * from final
