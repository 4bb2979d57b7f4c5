select
    {{ staged_columns(ref('base_fx__rates')) }}
from {{ ref('base_fx__rates') }}
where dq_status = 'staged'
