{#- Identifiers the identity guardrails keep out of the graph, with the reason and the evidence:
    a shared mailbox, a household phone, a generic address never joins two people. Published
    masked: emails, phones and handles keep a hint (the SHA-256 of the normalized value joins a
    known list), and the example names a "shared by different people" reason quotes are left out.
    The unmasked list: restricted.identity_quarantine_unmasked. -#}

with

final as (

    select
        identifier_type,
        case identifier_type
            when 'email' then {{ mask_email('identifier_value') }}
            when 'phone' then {{ mask_phone('identifier_value') }}
            when 'social_handle' then {{ mask_handle('identifier_value') }}
            else identifier_value
        end as identifier_value,
        {{ pseudonymize('identifier_value') }} as identifier_sha256,
        -- the reason without the example it quotes (names or CRM record ids)
        split_part(quarantine_reason, ':', 1) as reason,
        n_observations,
        n_linked_contacts,
        n_conflicting_name_pairs,
        first_seen_at,
        last_seen_at
    from {{ ref('int_identifiers_screened') }}
    where quarantine_reason is not null

)

select * from final
