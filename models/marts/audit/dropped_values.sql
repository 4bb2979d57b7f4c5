{#- Values of staged rows that the warehouse could not use and left out (NULL in staging), with
    why: an email that is not an address, a phone libphonenumber cannot read, a country that is not
    an ISO code. The row itself is staged (its other values are good); nothing is dropped without a
    trace. The value itself is in the raw file at that line (named with its delivery when the build
    reads several). -#}

with

delivery_files as (

    select * from {{ ref('stg_warehouse_state__delivery_files') }}

),

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}' as table_name,
            source_record_id,
            _line_number,
            dq_note as note
        from {{ ref(spec[1]) }}
        where dq_status = 'staged' and dq_note is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        delivery_files.source_file,
        unioned.source_record_id,
        {{ line_in_file('unioned._line_number') }} as row_number,
        unioned.note,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as loaded_at
    from unioned
    inner join delivery_files
        on
            unioned.table_name = delivery_files.table_name
            and {{ delivery_index_of('unioned._line_number') }} = delivery_files.delivery_index

)

select * from final
