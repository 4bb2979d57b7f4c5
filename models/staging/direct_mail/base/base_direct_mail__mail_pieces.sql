{%- set columns = source_columns('direct_mail', 'raw_direct_mail') -%}

with

source as (

    select * from {{ number_lines(source('direct_mail', 'raw_direct_mail')) }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(mail_piece_id), '') as mail_piece_id,
        nullif(trim(contact_id), '') as contact_id,
        nullif(upper(trim(campaign_code)), '') as campaign_code,
        {{ parse_date('mailed_on') }} as mailed_on,
        nullif(upper(trim(offer_code)), '') as offer_code
    from source

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('direct_mail', 'raw_direct_mail') + [
            ["mailed_on is null", "mailed_on: missing or not a YYYY-MM-DD date"],
        ] + time_checks('cast(mailed_on as timestamp)', 'mailed_on')) }} as check_reason,
        cast(null as varchar) as dq_note
    from parsed

),

deduplicated as (

    {{ deduplicate('checked', ['mail_piece_id'], columns) }}

),

final as (

    select
        _line_number,
        mail_piece_id,
        contact_id,
        campaign_code,
        mailed_on,
        offer_code,
        {{ dq_columns('direct_mail', 'raw_direct_mail') }}
    from deduplicated

)

select * from final
