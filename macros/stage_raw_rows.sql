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
    {#- Incremental (a `cjw build` over the previous build, which checked that the deliveries
        only grew: CJW_INCREMENTAL=1; anything else rebuilds the table whole): only the keys the
        new deliveries bring are restaged, each with every line of it from every delivery, so
        that deduplicate decides them exactly as a full build would (a verdict depends on the
        rows of its key alone); merged by the model's unique key, _line_number (merge_changed:
        an old line is updated only where its values changed).
        The new deliveries are those after the last one in the table. -#}
    {%- set incremental = incremental_run() -%}
    {%- if incremental -%}
        {%- set missing = [] -%}
        {%- for column in key if column not in expressions -%}{%- do missing.append(column) -%}{%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(this ~ ": an incremental base model's unique key must be read from "
                ~ "the raw columns alone (trimmed, lowered, uppered or parsed); not so: " ~ missing | join(', ')) }}
        {%- endif -%}
        {%- set since = run_query('select coalesce(max(' ~ delivery_index_of('_line_number') ~ '), -1) from '
            ~ this).columns[0].values()[0] if execute else -1 -%}
    {%- endif %}
    with

    numbered as (

        {%- if incremental %}
        select delivered.*
        from (
            select
                *,
                {%- for column in key %}
                {{ expressions[column] }} as _key_{{ loop.index }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ number_lines(raw) }}
        ) as delivered
        semi join (
            select distinct
                {%- for column in key %}
                {{ expressions[column] }} as _key_{{ loop.index }}{{ ',' if not loop.last }}
                {%- endfor %}
            from {{ raw }}
            where _delivery_index > {{ since }}
        ) as arrived
            on
                {%- for column in key %}
                delivered._key_{{ loop.index }} is not distinct from arrived._key_{{ loop.index }}{{ ' and' if not loop.last }}
                {%- endfor %}
        {%- else %}
        select * from {{ number_lines(raw) }}
        {%- endif %}

    ),

    {% for name, relation in lookups.items() -%}
    {{ name }} as (

        select * from {{ relation }}

    ),

    {% endfor -%}

    parsed as {{ inline_cte() }} (

        select
            _line_number,
            _delivery_day,
            {{ raw_passthrough(columns) }}
            {%- for column, expression in expressions.items() %}
            {{ expression }} as {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from numbered

    ),

    derived as {{ inline_cte() }} (

        select
            {%- for column, expression in derived.items() %}
            {{ expression }} as {{ column }},
            {%- endfor %}
            *
        from parsed

    ),

    checked as {{ inline_cte() }} (

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
            {{ dq_columns(source_name, table_name, raw_row_when) }},
            -- the run that staged the line (a day's tests read the lines it staged, get_where_subquery)
            '{{ invocation_id }}' as _built_by
        from deduplicated

    )

    select * from final
{%- endmacro %}
