{%- set columns = source_columns('email', 'raw_email_activity') -%}

with

source as (

    select * from {{ number_lines(source('email', 'raw_email_activity')) }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(activity_id), '') as activity_id,
        nullif(trim(campaign_id), '') as campaign_id,
        nullif(trim(campaign_name), '') as campaign_name,
        nullif(trim(email_address), '') as email_address_raw,
        {{ normalize_email('email_address') }} as email,
        lower(trim(action)) as action,
        {{ parse_naive_utc('"timestamp"') }} as occurred_at,
        nullif(trim(url), '') as url
    from source

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('email', 'raw_email_activity') + [
            ["email_address_raw is null", "email_address: missing"],
            ["occurred_at is null", "timestamp: missing or not YYYY-MM-DD HH:MM:SS"],
        ] + time_checks('occurred_at', 'timestamp')) }} as check_reason,
        {{ dq_reasons([
            ["email_address_raw is not null and email is null", "email_address: not an email address"],
        ]) }} as dq_note
    from parsed

),

deduplicated as (

    {{ deduplicate('checked', ['activity_id'], columns) }}

),

final as (

    select
        _line_number,
        activity_id,
        campaign_id,
        campaign_name,
        email_address_raw,
        email,
        action,
        occurred_at,
        url,
        {{ dq_columns('email', 'raw_email_activity') }}
    from deduplicated

)

select * from final
