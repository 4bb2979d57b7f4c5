{#- RESTRICTED (personal data): the identifiers the identity guardrails keep out of the graph,
    unmasked, with the full reason and its example (audit.identity_quarantine publishes them masked). -#}

with

screened as (

    select * from {{ ref('int_identifiers_screened') }}

),

final as (

    select
        identifier_type,
        identifier_value,
        quarantine_reason as reason,
        n_observations,
        n_linked_contacts,
        n_conflicting_name_pairs,
        first_seen_at,
        last_seen_at
    from screened
    where quarantine_reason is not null

)

select * from final
