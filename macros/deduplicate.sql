{% macro deduplicate(relation, key_columns, content_columns, version_column=none) -%}
    {#- Decides what happens to each validated raw row (a select over `relation`, which has
        `check_reason`, NULL for a row that passed its checks, and `_line_number`). Adds:
        - dq_status: 'quarantined' (a failed check, or a conflict below), 'superseded' (an older
          version of the key, by version_column), 'staged' (the first line of the key's current
          version) or 'duplicate' (a later line with the same content);
        - dq_reason: the failed checks, or why a conflict was quarantined.
        Rows with the same key (and the same version) but different content are conflicts: nothing
        says which is right, so all of them are quarantined (never a silent pick). Content is
        compared on the trimmed, lower-cased raw values of content_columns, so a repeat that only
        differs in spacing or case is a duplicate. -#}
    {#- Decided per key and per version by grouping a narrow projection (key, version, line,
        content hash) and joining the verdicts back, instead of windows over the whole rows: a
        grouped aggregate spills to disk when memory is short, a window over wide rows needs them
        all at once (base_email__activities failed there under a memory limit). -#}
    {%- set key_columns = ['(check_reason is null)'] + key_columns -%}
    {%- set version_columns = key_columns + ([version_column] if version_column else []) -%}
    {%- set label = key_columns[1:] | join(' + ') -%}
    {%- set content = [] -%}
    {%- for column in content_columns -%}
        {%- do content.append('lower(trim(raw__' ~ column ~ '))') -%}
    {%- endfor -%}
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
            when not {{ current_version }} then 'superseded'
            when versions.min_fingerprint != versions.max_fingerprint then 'quarantined'
            when rows_in._line_number = versions.first_line then 'staged'
            else 'duplicate'
        end as dq_status
    from {{ relation }} as rows_in
    inner join (
        select
            *,
            -- the key's newest version, over the grouped rows (one per key and version)
            {%- if version_column %}
            max(_key_{{ version_columns | length }}) over (
                partition by {% for column in key_columns %}_key_{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}
            ) as newest_version
            {%- else %}
            null as newest_version
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
            from (
                select
                    *,
                    {{ row_fingerprint(content) }} as _fingerprint
                from {{ relation }}
            ) as fingerprinted
            group by {% for column in version_columns %}{{ column }}{{ ', ' if not loop.last }}{% endfor %}
        ) as grouped
    ) as versions
        on
            {%- for column in version_columns %}
            {{ column | replace('check_reason', 'rows_in.check_reason') if loop.first else 'rows_in.' ~ column }}
            is not distinct from versions._key_{{ loop.index }}{{ ' and' if not loop.last }}
            {%- endfor %}
{%- endmacro %}
