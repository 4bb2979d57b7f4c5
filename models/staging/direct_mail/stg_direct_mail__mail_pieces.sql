select
    {{ staged_columns(ref('base_direct_mail__mail_pieces')) }}
from {{ ref('base_direct_mail__mail_pieces') }}
where dq_status = 'staged'
