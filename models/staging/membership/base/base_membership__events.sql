{%- set columns = source_columns('membership', 'raw_memberships') -%}

with

source as (

    select * from {{ number_lines(source('membership', 'raw_memberships')) }}

),

currencies as (

    select * from {{ ref('currencies') }}

),

parsed as (

    select
        _line_number,
        {{ raw_passthrough(columns) }}
        nullif(trim(membership_event_id), '') as membership_event_id,
        nullif(upper(trim(member_number)), '') as member_number,
        nullif(trim(contact_email), '') as contact_email_raw,
        {{ normalize_email('contact_email') }} as contact_email,
        lower(trim(plan)) as plan,
        lower(trim(action)) as action,
        {{ parse_date('action_date') }} as action_date,
        {{ parse_date('term_start') }} as term_start,
        {{ parse_date('term_end') }} as term_end,
        {{ parse_number('amount', 'decimal(18, 2)') }} as amount,
        upper(trim(currency)) as currency
    from source

),

checked as (

    select
        *,
        {{ dq_reasons(registry_checks('membership', 'raw_memberships') + [
            ["action_date is null", "action_date: missing or not a YYYY-MM-DD date"],
            ["raw__term_start is not null and term_start is null", "term_start: not a YYYY-MM-DD date"],
            ["raw__term_end is not null and term_end is null", "term_end: not a YYYY-MM-DD date"],
            ["term_end < term_start", "term_end: before term_start"],
        ] + number_checks('amount', 'amount', 'decimal', var('max_plausible_amount'))
          + time_checks('cast(action_date as timestamp)', 'action_date')
          + currency_checks('currencies')
         ) }} as check_reason,
        {{ dq_reasons([
            ["contact_email_raw is not null and contact_email is null", "contact_email: not an email address"],
        ]) }} as dq_note
    from parsed

),

deduplicated as (

    {{ deduplicate('checked', ['membership_event_id'], columns) }}

),

final as (

    select
        _line_number,
        membership_event_id,
        member_number,
        contact_email_raw,
        contact_email,
        plan,
        action,
        action_date,
        term_start,
        term_end,
        amount,
        currency,
        -- a foreign-currency row may still be quarantined by the conversion (int_currency_rejects)
        {{ dq_columns('membership', 'raw_memberships', "dq_reason is not null or currency != 'USD'") }}
    from deduplicated

)

select * from final
