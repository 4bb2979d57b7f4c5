{% test line_numbers_follow_the_raw_file(model, raw_file) %}
{#- Every row of a base model is its raw file's record in file order: in each delivered file, the
    n-th smallest _line_number belongs to the file's n-th record (the raw view reads each file in
    order, _file_record), a line number is at least the record's position + 1 (header = line 1;
    records holding line breaks push later ones further down), and the delivery it names is the
    file's. The exact line numbers are scored against the generator's truth in pytest.
    One test per raw file, not one query over all of them: a union of the twelve joins held
    every join's table at once (out of memory at 100k people under a 600 MB DuckDB limit, where
    each file alone passes).
    On a day's build (CJW_INCREMENTAL=1) of a base model built in this run, only the deliveries
    whose every line the run wrote (the new ones) are read, base rows and raw file alike: a line
    keeps its _line_number once staged (merge_changed updates a line by it), the kept build passed
    this test, and the build checked that the delivered files only grew. Reading every delivered
    file again took 20 s of the 1M-person day (web and email), the new ones 0.7 s. -#}
{%- set source_name = raw_file_models(include_disconnected=true)[raw_file][0] -%}
{%- set id_column = source_table(source_name, raw_file).meta.get('record_id', 'null') %}
{#- the new deliveries on a day's build (see above), as a list of constants (a subquery would not
    spare the reading of the other files) -#}
{%- set new_deliveries = [] %}
{%- if execute and env_var('CJW_INCREMENTAL', '') == '1' %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.alias == model.identifier
            and node.schema == model.schema and node.config.materialized == 'incremental'
            and '_built_by' in node.columns and node.unique_id in selected_resources %}
        {%- do new_deliveries.append(run_query(
            "select coalesce(string_agg(cast(delivery_index as varchar), ', ' order by delivery_index), 'null') "
            ~ 'from (select ' ~ delivery_index_of('_line_number') ~ ' as delivery_index from ' ~ model
            ~ " group by all having bool_and(_built_by = '" ~ invocation_id ~ "'))"
        ).columns[0].values()[0]) %}
    {%- endfor %}
{%- endif %}
{%- set only_new = ' in (' ~ new_deliveries[0] ~ ')' if new_deliveries | length == 1 else '' %}
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
    {%- if only_new %}
    where {{ delivery_index_of('_line_number') }}{{ only_new }}
    {%- endif %}

),

raw_file as (

    select
        {{ id_column }} as record_id,
        _delivery_index as delivery_index,
        _file_record as position
    from {{ source(source_name, raw_file) }}
    {%- if only_new %}
    where _delivery_index{{ only_new }}
    {%- endif %}

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
