select
    {{ staged_columns(ref('base_ads__clicks'), except=['is_timezone_known']) }}
from {{ ref('base_ads__clicks') }}
where dq_status = 'staged'
