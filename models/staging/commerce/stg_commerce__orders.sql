{#- One row per order in its current state (the re-export with the latest updated_at). -#}

select
    {{ staged_columns(ref('base_commerce__orders')) }}
from {{ ref('base_commerce__orders') }}
where dq_status = 'staged'
