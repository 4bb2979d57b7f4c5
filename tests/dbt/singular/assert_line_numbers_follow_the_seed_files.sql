-- With the demo seeds (CJW_RAW_DIR empty), every base model's _line_number must point at the
-- seed row with the same id: line = the row's position in the file + 1 (header = line 1). The seed
-- table keeps file order in its rowid (dbt-duckdb loads seeds with one COPY).
{% if env_var('CJW_RAW_DIR', '') | trim == '' %}
    {% for file_name, spec in raw_file_models().items() %}
        select
            '{{ file_name }}' as source_file,
            base._line_number,
            base.source_record_id,
            seed.{{ spec[2] }} as seed_record_id
        from {{ ref(spec[0]) }} as base
        left join {{ ref(file_name) }} as seed
            on base._line_number = seed.rowid + 2
        where base.source_record_id is distinct from seed.{{ spec[2] }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
{% else %}
    select 1 as nothing_to_check
    where false
{% endif %}
