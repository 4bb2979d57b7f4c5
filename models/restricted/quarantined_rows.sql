{#- RESTRICTED (personal data): the rejected raw rows as delivered, unmasked: audit.quarantine
    publishes the same rows with personal values masked. -#}

with

quarantined as (

    select * from {{ ref('int_quarantined_rows') }}

),

final as (

    select
        source_file,
        source_record_id,
        row_number,
        reason,
        raw_row_unmasked as raw_row
    from quarantined

)

select * from final
