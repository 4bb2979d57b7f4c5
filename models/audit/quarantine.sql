{{ config(alias='quarantine') }}

{#- Every raw row that failed validation, from every file: the contract's audit.quarantine. -#}

with

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}.csv' as source_file,
            source_record_id,
            _line_number as row_number,
            dq_reason as reason,
            raw_row
        from {{ ref(spec[0]) }}
        where dq_status = 'quarantined'
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
