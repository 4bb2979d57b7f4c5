{#- The identity graph's edges with their evidence: two identifiers seen on the same raw record.
    One row per (record, pair of identifiers); is_kept is false when either side is quarantined,
    with the reason. "Why are these two identifiers one person?" is a query on this model's kept
    edges where one side is the identifier asked about (README, identity resolution).
    Incremental (a `cjw build` over the previous build): an edge follows from its record pair and
    the verdicts and graph numbers of its two identifiers, so the unit of reprocessing is the one
    of int_identity_record_pairs (a record; for web, a client). A run builds again the units whose
    pairs it changed or emptied (named by int_identity_record_pairs) and the units with a pair on an
    identifier it screened again with another verdict or number (the rows of
    int_identifiers_screened written in this run); every other unit keeps its edges. -#}

{%- set incremental = incremental_run() %}

with

{% if incremental -%}
rescreened as {{ held_cte() }} (

    -- the identifiers whose screening row this run wrote (merged in place: those that changed)
    select
        identifier_type,
        identifier_value
    from {{ ref('int_identifiers_screened') }}
    where _built_by = '{{ invocation_id }}'

),

changed_units as {{ held_cte() }} (

    {{ named_units_of(ref('int_identity_record_pairs'), '_unit') }}
    union
    {{ units_naming(ref('int_identity_record_pairs'), 'rescreened', ['_a', '_b']) }}

),

{% endif -%}
pairs as (

    select * from {{ ref('int_identity_record_pairs') }}
    {%- if incremental %}
    where _unit in (select changed_units._unit from changed_units)
    {%- endif %}

),

rules as (

    select
        rule_values.source_file,
        rule_values.rule
    from (
        values
        ('raw_crm_contacts', 'same CRM record'),
        ('raw_web_events', 'device logged in as CRM contact, or landed with an ad click id'),
        ('raw_support_tickets', 'ticket requester email and phone'),
        ('raw_orders', 'order email and redeemed offer code'),
        ('raw_memberships', 'membership record: member number and email'),
        ('raw_direct_mail', 'mail piece recipient and its offer code')
    ) as rule_values (source_file, rule)

),

final as {{ held_cte() if incremental }} (

    select
        pairs.source_file,
        pairs.record_id,
        pairs.identifier_type_a,
        pairs.identifier_value_a,
        pairs.identifier_type_b,
        pairs.identifier_value_b,
        pairs.observed_at,
        rules.rule,
        screened_a.node_idx as node_idx_a,
        screened_b.node_idx as node_idx_b,
        screened_a.is_usable and screened_b.is_usable as is_kept,
        coalesce(
            case
                when not screened_a.is_usable
                    then pairs.identifier_type_a || ' quarantined: ' || screened_a.quarantine_reason
            end,
            case
                when not screened_b.is_usable
                    then pairs.identifier_type_b || ' quarantined: ' || screened_b.quarantine_reason
            end
        ) as dropped_reason,
        pairs._unit,
        '{{ invocation_id }}' as _built_by
    from pairs
    inner join {{ ref('int_identifiers_screened') }} as screened_a
        on {{ join_on('pairs', 'screened_a', ['identifier_type', 'identifier_value'], left_suffix='_a') }}
    inner join {{ ref('int_identifiers_screened') }} as screened_b
        on {{ join_on('pairs', 'screened_b', ['identifier_type', 'identifier_value'], left_suffix='_b') }}
    left join rules on pairs.source_file = rules.source_file

)

select * from final
{%- if incremental %}
union all
-- a changed unit left without pairs loses its edges
{{ unit_removal_rows('changed_units', 'final') }}
{%- endif %}
