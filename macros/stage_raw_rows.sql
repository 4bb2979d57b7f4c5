{% macro stage_raw_rows(raw, source_name, table_name, parsed={}, trimmed=[], lowered=[], uppered=[], derived={},
                        checks=[], notes=[], lookups={}, raw_row_when='dq_reason is not null') -%}
    {#- The body of a base model: every line of a raw export (raw: its source(), which the model
        names, so the lineage is visible), typed, validated, deduplicated, with its audit columns.
        - trimmed / lowered / uppered: raw columns kept under their name, trimmed (empty = NULL),
          lower-cased or upper-cased (enum values, codes);
        - parsed: {column: SQL expression over the raw columns} for everything else;
        - derived: {column: expression over the parsed columns} (a second step, e.g. a phone read
          in the record's country, a local time in its zone);
        - checks: [condition, reason] pairs beyond the registry's own (registry_checks: required
          ids, enum values, NUL bytes); a row failing one is quarantined with every reason;
        - notes: [condition, note] pairs for values left out of a kept row (audit.dropped_values);
        - lookups: {name: ref()} reference tables the checks read (e.g. the currencies seed);
        - raw_row_when: which rows keep their raw text (dq_columns).
        Duplicates and re-exports are decided by the registry's unique key and version column
        (deduplicate). -#}
    {%- set registry = source_table(source_name, table_name) -%}
    {%- set columns = registry.columns.keys() | list -%}
    {%- set key = registry.meta.get('unique_key') or [registry.meta.get('record_id')] -%}
    {%- set expressions = {} -%}
    {%- for column in trimmed -%}{%- do expressions.update({column: "nullif(trim(" ~ column ~ "), '')"}) -%}{%- endfor -%}
    {%- for column in lowered -%}{%- do expressions.update({column: "lower(trim(" ~ column ~ "))"}) -%}{%- endfor -%}
    {%- for column in uppered -%}{%- do expressions.update({column: "nullif(upper(trim(" ~ column ~ ")), '')"}) -%}{%- endfor -%}
    {%- do expressions.update(parsed) -%}
    with

    numbered as (

        select * from {{ number_lines(raw) }}

    ),

    {% for name, relation in lookups.items() -%}
    {{ name }} as (

        select * from {{ relation }}

    ),

    {% endfor -%}

    parsed as (

        select
            _line_number,
            _delivery_day,
            {{ raw_passthrough(columns) }}
            {%- for column, expression in expressions.items() %}
            {{ expression }} as {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from numbered

    ),

    derived as (

        select
            {%- for column, expression in derived.items() %}
            {{ expression }} as {{ column }},
            {%- endfor %}
            *
        from parsed

    ),

    checked as (

        select
            *,
            {{ dq_reasons(registry_checks(source_name, table_name) + checks) }} as check_reason,
            {{ dq_reasons(notes) if notes else 'cast(null as varchar)' }} as dq_note
        from derived

    ),

    deduplicated as (

        {{ deduplicate('checked', key, columns, registry.meta.get('version_column')) }}

    ),

    final as (

        select
            _line_number,
            {%- for column in expressions.keys() | list + derived.keys() | list %}
            {{ column }},
            {%- endfor %}
            {{ dq_columns(source_name, table_name, raw_row_when) }}
        from deduplicated

    )

    select * from final
{%- endmacro %}
