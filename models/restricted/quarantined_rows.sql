{#- RESTRICTED (personal data): the rejected raw rows as delivered (raw_row_unmasked) beside their
    masked form: audit.quarantine publishes them masked only. -#}

select * from {{ ref('int_quarantined_rows') }}  -- noqa: AM04
