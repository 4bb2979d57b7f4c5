{#- Every raw row that failed validation, from every file of an enabled source: the rows staging
    quarantined, and the staged money rows the currency conversion could not convert
    (int_currency_rejects), each with its reason and its raw row, masked (published in
    audit.quarantine) and as delivered (restricted.quarantined_rows). The file is named with its
    delivery when the build reads several (stg_warehouse_state__delivery_files), and row_number is
    the line in that file. -#}

with

delivery_files as (

    select * from {{ ref('stg_warehouse_state__delivery_files') }}

),

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}' as table_name,
            base.source_record_id,
            base._line_number,
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

),

final as (

    select
        delivery_files.source_file,
        unioned.source_record_id,
        {{ line_in_file('unioned._line_number') }} as row_number,
        unioned.reason,
        unioned.raw_row,
        unioned.raw_row_unmasked
    from unioned
    inner join delivery_files
        on
            unioned.table_name = delivery_files.table_name
            and {{ delivery_index_of('unioned._line_number') }} = delivery_files.delivery_index

)

select * from final
