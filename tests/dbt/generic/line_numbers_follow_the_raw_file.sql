{% test line_numbers_follow_the_raw_file(model, raw_file) %}
{#- Every row of a base model is its raw file's record in file order: in each delivered file, the
    n-th smallest _line_number belongs to the file's n-th record (the raw view reads each file in
    order, _file_record), a line number is at least the record's position + 1 (header = line 1;
    records holding line breaks push later ones further down), and the delivery it names is the
    file's. The exact line numbers are scored against the generator's truth in pytest.
    One test per raw file, not one query over all of them: a union of the twelve joins held
    every join's table at once (out of memory at 100k people under a 600 MB DuckDB limit, where
    each file alone passes). -#}
{%- set source_name = raw_file_models(include_disconnected=true)[raw_file][0] -%}
{%- set id_column = source_table(source_name, raw_file).meta.get('record_id', 'null') %}
with

base as (

    select
        _line_number,
        source_record_id,
        {{ delivery_index_of('_line_number') }} as delivery_index,
        row_number() over (
            partition by {{ delivery_index_of('_line_number') }} order by _line_number
        ) as position
    from {{ model }}

),

raw_file as (

    select
        {{ id_column }} as record_id,
        _delivery_index as delivery_index,
        _file_record as position
    from {{ source(source_name, raw_file) }}

)

select
    '{{ raw_file }}' as source_file,
    base._line_number,
    base.source_record_id,
    raw_file.record_id as raw_record_id
from base
left join raw_file
    on
        base.delivery_index = raw_file.delivery_index
        and base.position = raw_file.position
where
    base.source_record_id is distinct from raw_file.record_id
    or {{ line_in_file('base._line_number') }} < base.position + 1
{% endtest %}
