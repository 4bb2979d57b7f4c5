select
    {{ staged_columns(ref('base_email__activities')) }},
    lower({{ url_parameter('url', 'utm_campaign') }}) as utm_campaign
from {{ ref('base_email__activities') }}
where dq_status = 'staged'
