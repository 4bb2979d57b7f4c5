{{ config(materialized='table') }}

{%- set columns = ['activity_id', 'campaign_id', 'campaign_name', 'email_address', 'action', 'timestamp', 'url'] -%}

with

source as (

    select * from {{ raw_rows('raw_email_activity') }}

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
        {{ dq_reasons([
            ["activity_id is null", "activity_id: missing"],
            ["campaign_id is null", "campaign_id: missing"],
            ["email_address_raw is null", "email_address: missing"],
            ["not " ~ is_in('action', ['sent', 'open', 'click', 'bounce', 'unsubscribe']), "action: unknown value"],
            ["occurred_at is null", "timestamp: missing or not YYYY-MM-DD HH:MM:SS"],
        ] + time_checks('occurred_at', 'timestamp') + nul_checks(columns)) }} as check_reason,
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
        dq_reason,
        dq_status,
        case when dq_reason is not null then {{ raw_row_json(columns, 'raw__') }} end as raw_row,
        dq_note,
        raw__activity_id as source_record_id
    from deduplicated

)

select * from final
