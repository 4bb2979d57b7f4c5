{#- The files the previous publication had loaded, and when each was first loaded (empty in a
    first build and in plain dbt build): a file read again keeps its first loaded_at. -#}

select
    delivery,
    table_name,
    file_sha256,
    loaded_at
from {{ source('warehouse_state', 'previous_load_manifest') }}
