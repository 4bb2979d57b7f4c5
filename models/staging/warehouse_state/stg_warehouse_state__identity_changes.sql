{#- The log of customer id changes the previous publication held (audit.identity_changes then):
    int_identity_changes adds this build's to it. -#}

select
    previous_customer_id,
    customer_id,
    change_kind,
    identifiers_moved,
    changed_on
from {{ source('warehouse_state', 'previous_identity_changes') }}
