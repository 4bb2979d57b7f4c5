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
        - raw_row_when: which rows keep their raw text (dq_columns). It may read only the model's
          own columns (the typed ones, dq_reason, dq_status), never a raw__ column: a day's build
          evaluates it again over the table's earlier lines, which keep no raw columns.
        Duplicates and re-exports are decided by the registry's unique key and version column
        (deduplicate). A line's checks and notes may depend on the line, its delivery and the
        lookups alone, never on other lines: a day's build does not check the earlier lines again
        (their verdict as a duplicate, a conflict or a superseded version is decided again; their
        checks are not). -#}
    {%- set registry = source_table(source_name, table_name) -%}
    {%- set columns = registry.columns.keys() | list -%}
    {%- set key = registry.meta.get('unique_key') or [registry.meta.get('record_id')] -%}
    {%- set expressions = {} -%}
    {%- for column in trimmed -%}{%- do expressions.update({column: "nullif(trim(" ~ column ~ "), '')"}) -%}{%- endfor -%}
    {%- for column in lowered -%}{%- do expressions.update({column: "lower(trim(" ~ column ~ "))"}) -%}{%- endfor -%}
    {%- for column in uppered -%}{%- do expressions.update({column: "nullif(upper(trim(" ~ column ~ ")), '')"}) -%}{%- endfor -%}
    {%- do expressions.update(parsed) -%}
    {#- Incremental (a `cjw build` over the previous build, which checked that the deliveries
        only grew: CJW_INCREMENTAL=1; anything else rebuilds the table whole): only the lines of
        the new deliveries (those after the last one in the table) are read and staged. A
        verdict depends on the rows of its key alone, so each key they bring is decided with the
        earlier lines of that key as the table holds them: their line, key, version and content
        hash (`_fingerprint`, kept for every line that passed its checks). An earlier line whose
        verdict changes (a repeat arrived first in an earlier delivery, a newer version supersedes
        it) is written again from the table with its new verdict. Merged by the model's unique key,
        _line_number (merge_changed: an old line is updated only where its values changed).
        Reading the earlier deliveries' files again to restage their lines, as a day's build did
        before, parsed the whole history every day (1M people: 19.9 s of base_web__events' 25.5 s).
        One case needs an earlier line's raw text, which the table keeps only for quarantined rows:
        an earlier line that now gets its raw text kept (raw_row_when: a conflict with a line of the
        new deliveries quarantines it). A query before the build looks for such a line; if there is
        one, the keys the new deliveries bring are restaged from every delivery's file, as a full
        build would stage them (the log says so). -#}
    {%- set incremental = incremental_run() -%}
    {%- set mode = 'whole' -%}
    {%- if incremental -%}
        {%- set missing = [] -%}
        {%- for column in key if column not in expressions -%}{%- do missing.append(column) -%}{%- endfor -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(this ~ ": an incremental base model's unique key must be read from "
                ~ "the raw columns alone (trimmed, lowered, uppered or parsed); not so: " ~ missing | join(', ')) }}
        {%- endif -%}
        {%- set since = run_query('select coalesce(max(' ~ delivery_index_of('_line_number') ~ '), -1) from '
            ~ this).columns[0].values()[0] if execute else -1 -%}
        {%- set mode = 'arrived' -%}
        {%- if execute -%}
            {%- set needs_text = run_query(staged_lines(raw, source_name, table_name, registry, key, expressions, derived, checks, notes, lookups,
                raw_row_when, mode, since) ~ '\n    select count(*) from earlier_rewritten where raw_row is null and ('
                ~ raw_row_when ~ ')').columns[0].values()[0] -%}
            {%- if needs_text > 0 -%}
                {%- do log(this ~ ': ' ~ needs_text ~ ' earlier lines need their raw text (a conflict with a new line):'
                    ~ ' the keys the new deliveries bring are restaged from every delivery', info=true) -%}
                {%- set mode = 'restaged' -%}
            {%- endif -%}
        {%- endif -%}
    {%- else -%}
        {%- set since = -1 -%}
    {%- endif %}
    {{ staged_lines(raw, source_name, table_name, registry, key, expressions, derived, checks, notes, lookups, raw_row_when, mode, since) }}

    select * from final
    {%- if mode == 'arrived' %}

    union all

    -- the earlier lines whose verdict changed, their raw text kept as raw_row_when says
    select
        {%- for column in final_columns(expressions, derived) %}
        {%- if column in ['raw_row', 'raw_row_unmasked'] %}
        case when {{ raw_row_when }} then {{ column }} end as {{ column }},
        {%- elif column == '_built_by' %}
        '{{ invocation_id }}' as _built_by
        {%- else %}
        {{ column }},
        {%- endif %}
        {%- endfor %}
    from earlier_rewritten
    {%- endif %}
{%- endmacro %}


{% macro final_columns(expressions, derived) -%}
    {#- The columns of a base model (stage_raw_rows), in order. -#}
    {{ return(['_line_number'] + expressions.keys() | list + derived.keys() | list
        + ['dq_reason', 'dq_status', 'dq_note', 'raw_row', 'raw_row_unmasked', 'source_record_id', '_fingerprint',
           '_built_by']) }}
{%- endmacro %}


{% macro staged_lines(raw, source_name, table_name, registry, key, expressions, derived, checks, notes, lookups, raw_row_when, mode, since) -%}
    {#- stage_raw_rows' CTEs, ending with `final` (the lines read, staged) and, in mode 'arrived',
        `earlier_rewritten` (the earlier lines whose verdict changed, every column, raw_row and
        raw_row_unmasked as the table holds them). mode: 'whole' (every line of the raw view),
        'arrived' (the new deliveries' lines, decided with the earlier lines of their keys as the
        table holds them), 'restaged' (every line, from every delivery, of the keys the new
        deliveries bring). -#}
    {%- set columns = registry.columns.keys() | list -%}
    {%- set version_column = registry.meta.get('version_column') -%}
    {#- what decides a line's verdict: its key and version -#}
    {%- set key_and_version = key + ([version_column] if version_column and version_column not in key else []) -%}
    with

    numbered as (

        {%- if mode == 'restaged' %}
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
        {%- elif mode == 'arrived' %}
        select * from {{ number_lines('(select * from ' ~ raw ~ ' where _delivery_index > ' ~ since ~ ')') }}
        {%- else %}
        select * from {{ number_lines(raw) }}
        {%- endif %}

    ),

    {% for name, relation in lookups.items() -%}
    {{ name }} as (

        select * from {{ relation }}

    ),

    {% endfor -%}

    {#- A whole build decides duplicates by the keys that several lines share (dedup_versions
        keeps no other): only their lines go through the chain below a second time, not every line
        (at 1M people 4 % of the web events share a key; the query of base_web__events took 58.7 s
        instead of 74.2 s, base_email__activities' 61.3 s instead of 68.2 s, the verdicts identical).
        The key's expressions read the raw columns, so a repeated key's lines are found before the
        chain. An incremental run decides by the earlier lines of the keys it brings (below). -#}
    {%- set repeated_only = mode == 'whole' and key | reject('in', expressions) | list | length == 0 -%}
    {%- if repeated_only %}
    repeated_keys as (

        -- the keys that several lines share (NULL is a key here as in the grouping that decides)
        select
            {%- for column in key %}
            {{ expressions[column] }} as _key_{{ loop.index }}{{ ',' if not loop.last }}
            {%- endfor %}
        from numbered
        group by
            {%- for column in key %}
            {{ expressions[column] }}{{ ',' if not loop.last }}
            {%- endfor %}
        having count(*) > 1

    ),

    lines_of_repeated_keys as (

        select numbered.*
        from numbered
        semi join repeated_keys
            on
                {%- for column in key %}
                {{ expressions[column] }} is not distinct from repeated_keys._key_{{ loop.index }}{{ ' and' if not loop.last }}
                {%- endfor %}

    ),
    {%- endif %}

    {% for suffix, lines in [('', 'numbered')] + ([('_of_repeated_keys', 'lines_of_repeated_keys')] if repeated_only else []) -%}
    parsed{{ suffix }} as {{ inline_cte() }} (

        select
            _line_number,
            _delivery_day,
            {{ raw_passthrough(columns) }}
            {%- for column, expression in expressions.items() %}
            {{ expression }} as {{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ lines }}

    ),

    derived{{ suffix }} as {{ inline_cte() }} (

        select
            {%- for column, expression in derived.items() %}
            {{ expression }} as {{ column }},
            {%- endfor %}
            *
        from parsed{{ suffix }}

    ),

    checked{{ suffix }} as {{ inline_cte() }} (

        select
            *,
            {{ dq_reasons(registry_checks(source_name, table_name) + checks) }} as check_reason,
            {{ dq_reasons(notes) if notes else 'cast(null as varchar)' }} as dq_note
        from derived{{ suffix }}

    ),

    fingerprinted{{ suffix }} as {{ inline_cte() }} (

        -- the content deduplicate compares, kept for every line that passed its checks (a day's
        -- build decides the keys it brings with the earlier lines' hashes)
        select
            *,
            case when check_reason is null then {{ row_fingerprint(dedup_content(columns)) }} end as _fingerprint
        from checked{{ suffix }}

    ),

    {% endfor -%}
    {%- if mode == 'arrived' %}

    earlier as (

        -- the earlier lines of the keys the new lines bring, as the table holds them (a line that
        -- failed its checks is quarantined whatever arrives: left out)
        select
            kept._line_number,
            {%- for column in key_and_version %}
            kept.{{ column }},
            {%- endfor %}
            kept._fingerprint,
            cast(null as varchar) as check_reason
        from {{ this }} as kept
        semi join (
            select distinct
                {%- for column in key %}
                {{ column }}{{ ',' if not loop.last }}
                {%- endfor %}
            from fingerprinted
        ) as arrived
            on
                {%- for column in key %}
                kept.{{ column }} is not distinct from arrived.{{ column }}{{ ' and' if not loop.last }}
                {%- endfor %}
        where kept._fingerprint is not null

    ),

    versions as (

        {%- set decided_by = ['_line_number', '_fingerprint', 'check_reason'] + key_and_version %}
        {{ dedup_versions('(select ' ~ decided_by | join(', ') ~ ' from fingerprinted union all select '
            ~ decided_by | join(', ') ~ ' from earlier)', key, version_column) | indent(8) }}

    ),

    deduplicated as (

        {{ deduplicate('fingerprinted', key, columns, version_column, fingerprinted=true, versions='versions') }}

    ),

    changed_verdicts as (

        -- the earlier lines whose verdict changed (the line and its new verdict), found on the
        -- table's verdict columns alone: their other columns are read below for these lines only
        -- (reading every column of every line to keep a few took 4.1 s of the 1M day's web events)
        select
            decided._line_number,
            decided.dq_reason,
            decided.dq_status
        from {{ this }} as kept
        inner join (
            {{ deduplicate('earlier', key, columns, version_column, fingerprinted=true, versions='versions') | indent(12) }}
        ) as decided
            on kept._line_number = decided._line_number
        where
            kept.dq_status is distinct from decided.dq_status
            or kept.dq_reason is distinct from decided.dq_reason

    ),

    earlier_rewritten as (

        -- the earlier lines whose verdict changed: the table's row with the new verdict
        select
            {%- for column in final_columns(expressions, derived) if column != '_built_by' %}
            {{ 'changed' if column in ['dq_reason', 'dq_status'] else 'kept' }}.{{ column }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ this }} as kept
        inner join changed_verdicts as changed on kept._line_number = changed._line_number

    ),
    {%- elif repeated_only %}

    versions as (

        {%- set decided_by = ['_line_number', '_fingerprint', 'check_reason'] + key_and_version %}
        {{ dedup_versions('(select ' ~ decided_by | join(', ') ~ ' from fingerprinted_of_repeated_keys)', key,
            version_column) | indent(8) }}

    ),

    deduplicated as (

        {{ deduplicate('fingerprinted', key, columns, version_column, fingerprinted=true, versions='versions') }}

    ),
    {%- else %}

    deduplicated as (

        {{ deduplicate('fingerprinted', key, columns, version_column, fingerprinted=true) }}

    ),
    {%- endif %}

    final as (

        select
            _line_number,
            {%- for column in expressions.keys() | list + derived.keys() | list %}
            {{ column }},
            {%- endfor %}
            {{ dq_columns(source_name, table_name, raw_row_when) }},
            _fingerprint,
            -- the run that staged the line (a day's tests read the lines it staged, get_where_subquery)
            '{{ invocation_id }}' as _built_by
        from deduplicated

    )
{%- endmacro %}
