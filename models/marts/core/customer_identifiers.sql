{#- The identity graph's result, for BI: every identifier of every customer, emails, phones and
    social handles masked, with a SHA-256 of the normalized value to join on. Unmasked values:
    restricted.customer_identifiers_unmasked. -#}

with

identifiers as (

    select * from {{ ref('int_customer_identifiers') }}

)

select
    customer_id,
    identifier_type,
    case
        when identifier_type = 'email' then {{ mask_email('identifier_value') }}
        when identifier_type = 'phone' then {{ mask_phone('identifier_value') }}
        when identifier_type = 'social_handle' then {{ mask_handle('identifier_value') }}
        else identifier_value
    end as identifier_value,
    {{ pseudonymize('identifier_value') }} as identifier_sha256,
    first_seen_at,
    last_seen_at
from identifiers
