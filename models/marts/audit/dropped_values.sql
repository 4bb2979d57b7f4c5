{#- Values of staged rows that the warehouse could not use and left out (NULL in staging), with
    why: an email that is not an address, a phone libphonenumber cannot read, a country that is not
    an ISO code. The row itself is staged (its other values are good); nothing is dropped without a
    trace. The value itself is in the raw file at that line. -#}

with

unioned as (

    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}.csv' as source_file,
            source_record_id,
            _line_number as row_number,
            dq_note as note
        from {{ ref(spec[1]) }}
        where dq_status = 'staged' and dq_note is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_file,
        source_record_id,
        row_number,
        note,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as loaded_at
    from unioned

)

select * from final
