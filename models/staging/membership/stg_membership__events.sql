select
    {{ staged_columns(ref('base_membership__events')) }}
from {{ ref('base_membership__events') }}
where dq_status = 'staged'
