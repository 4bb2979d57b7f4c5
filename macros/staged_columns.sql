{% macro staged_columns(base, except=[]) -%}
    {#- A staging model's columns: every typed column of its base model (base: its ref()), in the
        base model's order, without the audit columns that dq_columns and stage_raw_rows add (and those
        named in except), then the line number as source_line_number. The registry and the base model's
        stage_raw_rows call name the columns once; this reads them from the built base model, as
        dbt_utils.star does; where the base model is not built yet (linting against an empty
        database), from its documented columns; while dbt parses and in unit tests (whose input
        is a fixture), *. -#}
    {%- set audit = ['_line_number', 'dq_reason', 'dq_status', 'dq_note', 'raw_row', 'raw_row_unmasked',
                     'source_record_id', '_fingerprint', '_built_by'] -%}
    {%- set names = [] -%}
    {%- set found = [] -%}
    {%- if execute -%}
        {%- for column in adapter.get_columns_in_relation(base) -%}{%- do found.append(column.name) -%}{%- endfor -%}
        {%- if not found -%}
            {#- not built yet (linting against an empty database): the base model's documented columns -#}
            {%- for node in (graph.get('nodes') or {}).values() if node.resource_type == 'model' and node.name == base.identifier -%}
                {%- do found.extend(node.columns.keys() | list) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
    {%- for name in found if name | lower not in audit + except -%}{%- do names.append(name) -%}{%- endfor -%}
    {%- if names -%}
        {%- for name in names -%}
            {{ name }},{{ '\n    ' }}
        {%- endfor -%}
        _line_number as source_line_number
    {%- else -%}
        *
    {%- endif -%}
{%- endmacro %}
