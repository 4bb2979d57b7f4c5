{#- Each identifier's customer id in the previous publication (empty in a first build and in plain
    dbt build): what int_identifiers_resolved keeps ids by. -#}

select
    identifier_type,
    identifier_value,
    customer_id
from {{ source('warehouse_state', 'previous_customer_ids') }}
