{#- RESTRICTED (personal data): the identifiers the identity guardrails keep out of the graph, as the
    screening saw them, unmasked, with the full reason and its example (audit.identity_quarantine
    publishes them masked). -#}

select
    identifier_type,
    identifier_value,
    first_seen_at,
    last_seen_at,
    n_observations,
    n_source_files,
    n_linked_contacts,
    n_linked_emails,
    n_conflicting_name_pairs,
    quarantine_reason,
    is_usable,
    is_test_identifier,
    node_idx
from {{ ref('int_identifiers_screened') }}
where quarantine_reason is not null
