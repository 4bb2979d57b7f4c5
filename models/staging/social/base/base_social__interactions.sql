{%- set columns = source_columns('social', 'raw_social_interactions') -%}

with

source as (

    select * from {{ number_lines(source('social', 'raw_social_interactions')) }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(interaction_id), '') as interaction_id,
        lower(trim(network)) as network,
        nullif(trim(handle), '') as handle_raw,
        {{ normalize_handle('handle') }} as handle,
        lower(trim(interaction_type)) as interaction_type,
        {{ parse_iso_utc('occurred_at') }} as occurred_at,
        lower(trim(sentiment)) as sentiment,
        message
    from source

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('social', 'raw_social_interactions') + [
            ["occurred_at is null", "occurred_at: missing or not an ISO 8601 timestamp"],
        ] + time_checks('occurred_at', 'occurred_at')) }} as check_reason,
        cast(null as varchar) as dq_note
    from parsed

),

deduplicated as (

    {{ deduplicate('checked', ['interaction_id'], columns) }}

),

final as (

    select
        _line_number,
        interaction_id,
        network,
        handle_raw,
        handle,
        interaction_type,
        occurred_at,
        sentiment,
        message,
        {{ dq_columns('social', 'raw_social_interactions') }}
    from deduplicated

)

select * from final
