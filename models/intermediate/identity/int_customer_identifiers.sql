{#- The unmasked identity graph's result behind
    marts.customer_identifiers: every identifier of every customer (test customers left out).
    Values are normalized (emails trimmed, lower case, no +tag; phones E.164; handles @lower);
    ids unchanged. Identifiers the guardrails quarantined belong to nobody and are not here: see
    audit.identity_quarantine. -#}

with

final as (

    select
        customer_id,
        identifier_type,
        identifier_value,
        first_seen_at,
        last_seen_at
    from {{ ref('int_identifiers_resolved') }}
    where
        customer_id is not null
        and not is_test
        and identifier_type in ('email', 'phone', 'crm_contact_id', 'member_number', 'client_id', 'social_handle')

)

select * from final
