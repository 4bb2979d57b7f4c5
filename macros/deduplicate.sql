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
    {%- set partition = 'check_reason is null, ' ~ (key_columns | join(', ')) -%}
    {%- set version_partition = partition ~ (', ' ~ version_column if version_column else '') -%}
    {%- set label = key_columns | join(' + ') -%}
    {%- set content = [] -%}
    {%- for column in content_columns -%}
        {%- do content.append('lower(trim(raw__' ~ column ~ '))') -%}
    {%- endfor -%}
    select
        judged.*,
        case
            when check_reason is not null then check_reason
            when is_conflicting and is_current_version
                then '{{ label }}: ' || n_copies || ' rows share this {{ label }}{{ " and " ~ version_column
                    if version_column }} but differ in content; none can be chosen'
        end as dq_reason,
        case
            when check_reason is not null then 'quarantined'
            when not is_current_version then 'superseded'
            when is_conflicting then 'quarantined'
            when copy_rank = 1 then 'staged'
            else 'duplicate'
        end as dq_status
    from (
        select
            fingerprinted.*,
            {%- if version_column %}
            coalesce(
                {{ version_column }} = max({{ version_column }}) over (partition by {{ partition }}),
                max({{ version_column }}) over (partition by {{ partition }}) is null
            ) as is_current_version,
            {%- else %}
            true as is_current_version,
            {%- endif %}
            min(_fingerprint) over version_copies != max(_fingerprint) over version_copies as is_conflicting,
            count(*) over version_copies as n_copies,
            row_number() over (partition by {{ version_partition }} order by _line_number) as copy_rank
        from (
            select
                *,
                {{ row_fingerprint(content) }}
                    as _fingerprint
            from {{ relation }}
        ) as fingerprinted
        window version_copies as (partition by {{ version_partition }})
    ) as judged
{%- endmacro %}
