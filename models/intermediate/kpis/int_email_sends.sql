{#- Every email sent (stg_email__activities, action `sent`) with its recipient as resolved (NULL for
    an address that belongs to no customer), and whether the recipient opened or clicked that
    campaign within var('email_response_window_days') of the send. A click counts as an open (an
    image-blocking client clicks without an open pixel). `is_outcome_known`: the window had
    closed by the data's end, so the send's rates are final.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is the
    address and campaign. A send's row depends on its own line, the opens and clicks of its
    address in its campaign, the address's owner and the data's end alone. So a run computes again,
    whole, the address-campaign pairs
    - of the email lines its base model wrote in this run but the repeats (a new line, or an
      earlier line whose verdict changed: a conflicting copy quarantines it). A repeated line
      (`duplicate`) changes no staged line: a day's delivery repeats hundreds of thousands of
      earlier lines;
    - of the sends to an address whose resolution changed (int_identifier_lookup wrote it in
      this run: another customer, a test flag, no longer known);
    - of the sends whose window closed (or, the data's end moving back, opened again) with the
      data's new end: the sends of the last days.
    Every other pair keeps its rows. Incremental by the address alone it was slower on the
    1M-person day than the whole table (75.4 s against 11.8 s): the repeated lines named 305k
    addresses and 6.6M sends. -#}

{#- the incremental run reads which lines and identifiers this run wrote: -#}
-- depends_on: {{ ref('base_email__activities') }}, {{ ref('int_identifier_lookup') }}

{%- set incremental = incremental_run() %}
{#- the unit: the campaign and the address, as a hash (an 8-byte number on DuckDB: the kept
    table's units are read at every day's merge). Every part of a day's run finds rows by that
    hash, so two pairs of one hash are one unit, computed again together -#}
{%- set unit = row_fingerprint(['campaign_id', 'email']) %}

with

{% if incremental -%}
named as {{ held_cte() }} (

    -- the units to compute again, with their address: the lines are found by address first (a
    -- filter on the column), then by unit. Found by the unit alone, DuckDB built its join's
    -- table on all 21M email lines at 1M people (9.5-9.9 s against 3.2 s)
    select distinct
        _unit,
        email
    from (
        -- the lines written in this run but the repeats
        select
            {{ unit }} as _unit,
            email
        from {{ ref('base_email__activities') }}
        where _built_by = '{{ invocation_id }}' and dq_status != 'duplicate' and campaign_id is not null
        union all
        -- the sends to an address resolved differently, and those whose outcome the data's new
        -- end settles (or unsettles): their staged lines (a send no longer staged had its line
        -- written in this run), in one pass over the lines (two took 3.1-4.3 s against 1.4 s at 1M)
        select
            {{ unit }} as _unit,
            email
        from {{ ref('stg_email__activities') }}
        where
            action = 'sent'
            and (
                email in (
                    select lookup.identifier_value
                    from {{ ref('int_identifier_lookup') }} as lookup
                    where lookup._built_by = '{{ invocation_id }}' and lookup.identifier_type = 'email'
                )
                or activity_id in (
                    select kept.send_id
                    from {{ this }} as kept
                    cross join {{ ref('int_data_bounds') }} as bounds
                    where
                        kept.is_outcome_known is distinct from (
                            {{ dbt.dateadd('day', var('email_response_window_days'), 'kept.sent_at') }}
                            <= bounds.data_end_at
                        )
                )
            )
    ) as units

),

named_units as (

    select distinct _unit from named

),

lines as (

    -- the email lines of the named units (those without an address: by unit alone)
    select
        activity_id,
        email,
        campaign_id,
        campaign_name,
        occurred_at,
        action
    from {{ ref('stg_email__activities') }}
    where
        (email in (select named.email from named) or email is null)
        and {{ unit }} in (select named_units._unit from named_units)

),

{% endif -%}
sends as (

    select
        activity_id as send_id,
        email,
        {{ unit }} as _unit,
        campaign_id,
        campaign_name,
        occurred_at as sent_at,
        {{ dbt.dateadd('day', var('email_response_window_days'), 'occurred_at') }} as response_window_end_at
    from {{ 'lines' if incremental else ref('stg_email__activities') }}
    where action = 'sent'

),

responses as (

    select
        email,
        campaign_id,
        min(case when action in ('open', 'click') then occurred_at end) as first_open_at,
        min(case when action = 'click' then occurred_at end) as first_click_at
    from {{ 'lines' if incremental else ref('stg_email__activities') }}
    where action in ('open', 'click')
    group by email, campaign_id

),

final as {{ held_cte() if incremental }} (

    -- held on a day's build: the rows that remove a unit read it again (computed twice, the
    -- query took 7.6 s at 1M people against 2.5 s)
    select
        sends.send_id,
        recipients.customer_id,
        coalesce(recipients.is_test, false) as is_test,
        sends.campaign_id,
        sends.campaign_name,
        sends.sent_at,
        responses.first_open_at as opened_at,
        responses.first_click_at as clicked_at,
        coalesce(responses.first_open_at <= sends.response_window_end_at, false) as is_opened,
        coalesce(responses.first_click_at <= sends.response_window_end_at, false) as is_clicked,
        sends.response_window_end_at <= bounds.data_end_at as is_outcome_known,
        sends._unit,
        '{{ invocation_id }}' as _built_by
    from sends
    cross join {{ ref('int_data_bounds') }} as bounds
    left join responses on {{ join_on('sends', 'responses', ['email', 'campaign_id']) }}
    left join {{ ref('int_email_owners') }} as recipients on sends.email = recipients.email

)

select * from final
{%- if incremental %}
union all
-- a named unit with no send left: a row without a send removes its rows (replace_units)
{{ unit_removal_rows('named_units', 'final') }}
{%- endif %}
