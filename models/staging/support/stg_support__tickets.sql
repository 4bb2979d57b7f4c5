select
    {{ staged_columns(ref('base_support__tickets')) }},
    {{ dbt.datediff('created_at', 'first_response_at', 'minute') }}
        as first_response_minutes
from {{ ref('base_support__tickets') }}
where dq_status = 'staged'
