{#- What each identifier a touchpoint can name resolves to: its anonymous component, its customer
    and test flag (int_identifiers_resolved), or that only test CRM records carry it (a quarantined
    QA address). int_touchpoints_identified joins its touchpoints to it.
    Incremental (a `cjw build` over the previous build): the unit of reprocessing (_unit) is the
    identifier. An identifier whose resolution differs from the one kept is written again, with
    _built_by the invocation: int_touchpoints_identified resolves the touchpoints naming it again.
    An identifier that no longer resolves (newly quarantined, or no record carries it any more)
    keeps a row with is_known false and nothing resolved, so that its touchpoints are found; a
    full build has no such row, and to a touchpoint it means what no row means. -#}

{%- set incremental = incremental_run() %}

with

test_identifiers as (

    -- quarantined identifiers that only test CRM records carry (e.g. a QA team's test@test.com)
    select
        identifier_type,
        identifier_value
    from {{ ref('int_identifiers_screened') }}
    where not is_usable and is_test_identifier

),

current_lookup as (

    select
        coalesce(resolved.identifier_type, test_identifiers.identifier_type) as identifier_type,
        coalesce(resolved.identifier_value, test_identifiers.identifier_value) as identifier_value,
        resolved.anonymous_id,
        resolved.customer_id,
        resolved.is_test,
        test_identifiers.identifier_value is not null as is_test_identifier,
        true as is_known
    from {{ ref('int_identifiers_resolved') }} as resolved
    full outer join test_identifiers
        on {{ join_on('resolved', 'test_identifiers', ['identifier_type', 'identifier_value']) }}

),

{% if incremental -%}
kept as (

    select
        identifier_type,
        identifier_value,
        anonymous_id,
        customer_id,
        is_test,
        is_test_identifier,
        is_known
    from {{ this }}

),

changed as (

    -- new or resolved differently
    select * from current_lookup
    except
    select * from kept
    union all
    -- known before, unknown now
    select
        identifier_type,
        identifier_value,
        null as anonymous_id,
        null as customer_id,
        null as is_test,
        null as is_test_identifier,
        false as is_known
    from (
        select
            identifier_type,
            identifier_value
        from kept
        where is_known
        except
        select
            identifier_type,
            identifier_value
        from current_lookup
    ) as gone

),

{% endif -%}
final as (

    select
        identifier_type || ':' || identifier_value as _unit,
        identifier_type,
        identifier_value,
        anonymous_id,
        customer_id,
        is_test,
        is_test_identifier,
        is_known,
        -- the run that wrote the identifier's resolution last
        '{{ invocation_id }}' as _built_by
    from {{ 'changed' if incremental else 'current_lookup' }}

)

select * from final
