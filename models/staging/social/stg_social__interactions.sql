select
    {{ staged_columns(ref('base_social__interactions')) }}
from {{ ref('base_social__interactions') }}
where dq_status = 'staged'
