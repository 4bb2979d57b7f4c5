{#- audit.load_manifest: what the warehouse has loaded, one row per delivered file (delivery x raw
    export): its checksum and size, its rows by staging's verdict, its newest event time (the
    registry's event_time of each export, over the rows that passed validation) and when a build
    first read it (a file read again in later builds keeps its first loaded_at; the previous
    publication's manifest is carried in by cjw build). A file identical to one loaded before
    (same SHA-256, e.g. a delivery sent twice) is listed as a duplicate and not read. -#}

with

file_rows as (

    {% for file_name, spec in raw_file_models().items() %}
        {%- set event_time = source_table(spec[0], file_name).meta.get('event_time') or {} %}
        select
            '{{ file_name }}' as table_name,
            {{ delivery_index_of('_line_number') }} as delivery_index,
            count(*) as rows_delivered,
            count(*) filter (where dq_status = 'staged') as rows_staged,
            count(*) filter (where dq_status = 'duplicate') as rows_duplicate,
            count(*) filter (where dq_status = 'superseded') as rows_superseded,
            count(*) filter (where dq_status = 'quarantined') as rows_quarantined,
            max(cast({{ event_time.get('staged_as', 'null') }} as timestamp)) filter (
                where dq_status != 'quarantined'
            ) as max_event_at
        from {{ ref(spec[1]) }}
        group by all
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        delivery_files.delivery,
        delivery_files.delivery_index,
        delivery_files.table_name,
        delivery_files.source_file,
        delivery_files.file_sha256,
        delivery_files.file_bytes,
        delivery_files.load_status,
        delivery_files.duplicate_of,
        coalesce(file_rows.rows_delivered, delivery_files.data_rows, 0) as rows_delivered,
        coalesce(file_rows.rows_staged, 0) as rows_staged,
        coalesce(file_rows.rows_duplicate, 0) as rows_duplicate,
        coalesce(file_rows.rows_superseded, 0) as rows_superseded,
        coalesce(file_rows.rows_quarantined, 0) as rows_quarantined,
        file_rows.max_event_at,
        coalesce(
            previous_manifest.loaded_at,
            cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp)
        ) as loaded_at,
        previous_manifest.loaded_at is null as is_new
    from {{ ref('stg_warehouse_state__delivery_files') }} as delivery_files
    left join file_rows
        on
            delivery_files.table_name = file_rows.table_name
            and delivery_files.delivery_index = file_rows.delivery_index
    left join {{ ref('stg_warehouse_state__load_manifest') }} as previous_manifest
        on
            delivery_files.delivery = previous_manifest.delivery
            and delivery_files.table_name = previous_manifest.table_name
            and delivery_files.file_sha256 is not distinct from previous_manifest.file_sha256

)

select * from final
