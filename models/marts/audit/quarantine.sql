{#- audit.quarantine, the contract's table of rejected raw rows: every raw row that failed
    validation, from every file, with the reason and the raw row (personal values masked; the
    restricted file holds them as delivered: restricted.quarantined_rows). -#}

with

final as (

    select
        source_file,
        source_record_id,
        row_number,
        reason,
        raw_row,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as loaded_at
    from {{ ref('int_quarantined_rows') }}

)

select * from final
