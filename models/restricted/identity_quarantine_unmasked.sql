{#- RESTRICTED (personal data): the identifiers the identity guardrails keep out of the graph, as the
    screening saw them, unmasked, with the full reason and its example (audit.identity_quarantine
    publishes them masked). -#}

select * from {{ ref('int_identifiers_screened') }}  -- noqa: AM04
where quarantine_reason is not null
