select
    {{ staged_columns(ref('base_crm__contacts')) }}
from {{ ref('base_crm__contacts') }}
where dq_status = 'staged'
