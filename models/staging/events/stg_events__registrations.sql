select
    {{ staged_columns(ref('base_events__registrations')) }},
    cancelled_at is not null as is_cancelled
from {{ ref('base_events__registrations') }}
where dq_status = 'staged'
