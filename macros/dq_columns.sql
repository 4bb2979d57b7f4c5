{% macro dq_columns(source_name, table_name, raw_row_when='dq_reason is not null') -%}
    {#- The audit columns every base model ends with, after its typed columns (needs dq_reason,
        dq_status, dq_note and the raw__ columns in scope, see deduplicate and raw_passthrough):
        dq_reason, dq_status, dq_note; raw_row, the raw text as JSON with the registry's personal
        columns masked (published in audit.quarantine), and raw_row_unmasked (restricted) for the
        rows raw_row_when selects (quarantined ones; money rows in a foreign currency too, which the
        conversion may still quarantine); source_record_id, the raw id as delivered. -#}
    {%- set registry = source_table(source_name, table_name) -%}
    {%- set columns = registry.columns.keys() | list -%}
    dq_reason,
    dq_status,
    dq_note,
    case when {{ raw_row_when }} then {{ raw_row_json(columns, 'raw__', registry) }} end as raw_row,
    case when {{ raw_row_when }} then {{ raw_row_json(columns, 'raw__') }} end as raw_row_unmasked,
    raw__{{ registry.meta.get('record_id') or 'missing_record_id' }} as source_record_id
{%- endmacro %}
