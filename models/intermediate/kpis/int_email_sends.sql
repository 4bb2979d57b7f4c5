{#- Every email sent (stg_email__activities, action `sent`) with its recipient as resolved (NULL for
    an address that belongs to no customer), and whether the recipient opened or clicked that
    campaign within var('email_response_window_days') of the send. A click counts as an open (an
    image-blocking client clicks without an open pixel). `is_outcome_known`: the window had
    closed by the data's end, so the send's rates are final.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is the
    recipient's address ('' for a send whose address is not one). A send depends on the address's
    sends, opens and clicks, on who owns the address, and on the data's end. Built again: the
    addresses of the email activity lines base_email__activities wrote in this run (new,
    re-exported or quarantined), those whose resolution int_identifier_lookup wrote again (its
    customer or test flag; every email int_email_owners knows is one of its identifiers), and
    those with a send whose window the data's new end closes (or opens). Every other address
    keeps its rows. Writing every send anew took 11.8 s of a 1M-person day. -#}

{%- set incremental = incremental_run() %}
{#- the incremental run reads which lines and resolutions changed: -#}
-- depends_on: {{ ref('base_email__activities') }}
-- depends_on: {{ ref('int_identifier_lookup') }}
{#- in an incremental run, only the changed addresses (by the address itself, and '' for none) -#}
{%- set changed_only = "coalesce(email, '') in (select changed_units._unit from changed_units)"
    if incremental else 'true' %}

with

data_end as (

    select bounds.data_end_at
    from {{ ref('int_data_bounds') }} as bounds

),

{% if incremental -%}
changed_units as {{ held_cte() }} (

    -- the addresses of the email activity lines written in this run
    select coalesce(email, '') as _unit
    from {{ ref('base_email__activities') }}
    where _built_by = '{{ invocation_id }}'
    union
    -- the addresses whose owner may have changed
    select identifier_value as _unit
    from {{ ref('int_identifier_lookup') }}
    where identifier_type = 'email' and _built_by = '{{ invocation_id }}'
    union
    -- the addresses with a send whose outcome the data's new end decides (or no longer does)
    select kept._unit
    from {{ this }} as kept
    cross join data_end
    where kept.is_outcome_known is distinct from (
        {{ dbt.dateadd('day', var('email_response_window_days'), 'kept.sent_at') }} <= data_end.data_end_at
    )

),

{% endif -%}
sends as {{ held_cte() if incremental }} (

    select
        activity_id as send_id,
        email,
        campaign_id,
        campaign_name,
        occurred_at as sent_at,
        {{ dbt.dateadd('day', var('email_response_window_days'), 'occurred_at') }} as response_window_end_at
    from {{ ref('stg_email__activities') }}
    where action = 'sent' and {{ changed_only }}

),

responses as (

    select
        email,
        campaign_id,
        min(case when action in ('open', 'click') then occurred_at end) as first_open_at,
        min(case when action = 'click' then occurred_at end) as first_click_at
    from {{ ref('stg_email__activities') }}
    where action in ('open', 'click') and {{ changed_only }}
    group by email, campaign_id

),

{% if incremental -%}
sent_units as (

    select coalesce(email, '') as _unit from sends

),

{% endif -%}
final as (

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
        sends.response_window_end_at <= data_end.data_end_at as is_outcome_known,
        coalesce(sends.email, '') as _unit,
        -- the run that wrote the address's sends last
        '{{ invocation_id }}' as _built_by
    from sends
    cross join data_end
    left join responses on {{ join_on('sends', 'responses', ['email', 'campaign_id']) }}
    left join {{ ref('int_email_owners') }} as recipients on sends.email = recipients.email

)

select * from final
{%- if incremental %}
union all
-- an address left without sends: named, so that replace_units deletes its old rows
{{ unit_removal_rows('changed_units', 'sent_units') }}
{%- endif %}
