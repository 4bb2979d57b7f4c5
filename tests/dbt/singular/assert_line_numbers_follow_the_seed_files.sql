-- With the demo seeds (CJW_RAW_DIR empty), every base model's rows must be the seed's rows in file
-- order: the n-th smallest _line_number belongs to the seed row with rowid n - 1 (dbt-duckdb loads
-- seeds with one COPY, so rowid keeps file order), and a line number is at least the row's
-- position + 1 (header = line 1; records holding line breaks push later ones further down). The
-- exact line numbers are scored against the generator's truth in pytest.
{% if env_var('CJW_RAW_DIR', '') | trim == '' %}
    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}' as source_file,
            base._line_number,
            base.source_record_id,
            seed.{{ spec[2] }} as seed_record_id
        from (
            select
                _line_number,
                source_record_id,
                row_number() over (order by _line_number) - 1 as position
            from {{ ref(spec[0]) }}
        ) as base
        left join {{ ref(file_name) }} as seed
            on base.position = seed.rowid
        where
            base.source_record_id is distinct from seed.{{ spec[2] }}
            or base._line_number < seed.rowid + 2
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
{% else %}
    select 1 as nothing_to_check
    where false
{% endif %}
