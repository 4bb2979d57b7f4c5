{% macro deduplicate(relation, key_columns, content_columns, version_column=none, fingerprinted=false, versions=none) -%}
    {#- Decides what happens to each validated raw row (a select over `relation`, which has
        `check_reason`, NULL for a row that passed its checks, and `_line_number`). Adds:
        - dq_status: 'quarantined' (a failed check, or a conflict below), 'superseded' (an older
          version of the key, by version_column), 'staged' (the first line of the key's current
          version) or 'duplicate' (a later line with the same content);
        - dq_reason: the failed checks, or why a conflict was quarantined.
        Rows with the same key (and the same version) but different content are conflicts: nothing
        says which is right, so all of them are quarantined (never a silent pick). Content is
        compared on the trimmed, lower-cased raw values of content_columns, so a repeat that only
        differs in spacing or case is a duplicate.
        fingerprinted: `relation` already has that content's hash as `_fingerprint` (stage_raw_rows
        keeps it), else it is computed here. versions: the name of a CTE of dedup_versions to
        decide by, when it is grouped from other rows than `relation`'s: more (a day's build decides
        the lines it stages with the earlier lines of the same keys) or fewer (a whole build groups
        only the lines of keys that several lines share; stage_raw_rows); else the versions of
        `relation`'s own rows. -#}
    {#- Decided per key and per version by grouping a narrow projection (key, version, line,
        content hash) and joining the verdicts back, instead of windows over the whole rows: a
        grouped aggregate spills to disk when memory is short, a window over wide rows needs them
        all at once (base_email__activities failed there under a memory limit). Only the keys
        with several rows are joined back (about 1 % of a file): a key's single row is staged as
        it is, so the join's table holds a few keys, not one per row (1M people: the email
        activities' 20.9M rows took 193 s and 3.8 GB of spill under a 2.4 GB limit, against more
        than 8 minutes and 21 GB when every key was joined). -#}
    {%- set key_columns = ['(check_reason is null)'] + key_columns -%}
    {%- set version_columns = key_columns + ([version_column] if version_column else []) -%}
    {%- set label = key_columns[1:] | join(' + ') -%}
    {%- set current_version = 'coalesce(rows_in.' ~ version_column ~ ' = versions.newest_version, versions.newest_version is null)'
        if version_column else 'true' -%}
    select
        rows_in.*,
        case
            when rows_in.check_reason is not null then rows_in.check_reason
            when versions.min_fingerprint != versions.max_fingerprint and {{ current_version }}
                then '{{ label }}: ' || versions.n_copies || ' rows share this {{ label }}{{ " and " ~ version_column
                    if version_column }} but differ in content; none can be chosen'
        end as dq_reason,
        case
            when rows_in.check_reason is not null then 'quarantined'
            when versions.first_line is null then 'staged'
            when not {{ current_version }} then 'superseded'
            when versions.min_fingerprint != versions.max_fingerprint then 'quarantined'
            when rows_in._line_number = versions.first_line then 'staged'
            else 'duplicate'
        end as dq_status
    from {{ relation }} as rows_in
    left join
    {%- if versions %}
        {{ versions }} as versions
    {%- else %} (
        {{ dedup_versions(
            relation if fingerprinted else '(select *, ' ~ row_fingerprint(dedup_content(content_columns))
            ~ ' as _fingerprint from ' ~ relation ~ ')', key_columns[1:], version_column) | indent(8) }}
    ) as versions
    {%- endif %}
        on
            {%- for column in version_columns %}
            {{ column | replace('check_reason', 'rows_in.check_reason') if loop.first else 'rows_in.' ~ column }}
            is not distinct from versions._key_{{ loop.index }}{{ ' and' if not loop.last }}
            {%- endfor %}
{%- endmacro %}

{% macro dedup_content(content_columns) -%}
    {#- What deduplicate compares of a row: the trimmed, lower-cased raw values of its columns. -#}
    {%- set content = [] -%}
    {%- for column in content_columns -%}
        {%- do content.append('lower(trim(raw__' ~ column ~ '))') -%}
    {%- endfor -%}
    {{ return(content) }}
{%- endmacro %}

{% macro dedup_versions(rows, key_columns, version_column=none) -%}
    {#- The keys (and versions) of `rows` that have several rows, what deduplicate decides by:
        per key and version the smallest and largest content hash (`_fingerprint`), the rows, the
        first line, and per key its newest version. `rows` has check_reason, _line_number,
        _fingerprint, the key columns and the version column. -#}
    {%- set key_columns = ['(check_reason is null)'] + key_columns -%}
    {%- set version_columns = key_columns + ([version_column] if version_column else []) -%}
    select *
    from (
        select
            *,
            -- the key's newest version and its rows, over the grouped rows (one per key and version)
            {%- if version_column %}
            max(_key_{{ version_columns | length }}) over (
                partition by {% for column in key_columns %}_key_{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}
            ) as newest_version,
            sum(n_copies) over (
                partition by {% for column in key_columns %}_key_{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}
            ) as key_rows
            {%- else %}
            null as newest_version,
            n_copies as key_rows
            {%- endif %}
        from (
            select
                {%- for column in version_columns %}
                {{ column }} as _key_{{ loop.index }},
                {%- endfor %}
                min(_fingerprint) as min_fingerprint,
                max(_fingerprint) as max_fingerprint,
                count(*) as n_copies,
                min(_line_number) as first_line
            from {{ rows }} as fingerprinted
            group by {% for column in version_columns %}{{ column }}{{ ', ' if not loop.last }}{% endfor %}
        ) as grouped
    ) as keyed
    where key_rows > 1
{%- endmacro %}
