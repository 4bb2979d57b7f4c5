{% macro source_table(source_name, table_name) -%}
    {#- The registry entry of a raw export (models/staging/<source>/_<source>__sources.yml) from the
        parsed graph: its columns with their meta (kind, format, required, enum values). Empty while
        dbt parses (the graph is complete only when models compile). -#}
    {%- if execute and graph.get('sources') -%}
        {%- for node in graph.sources.values() -%}
            {%- if node.source_name == source_name and node.name == table_name -%}
                {{ return(node) }}
            {%- endif -%}
        {%- endfor -%}
        {{ exceptions.raise_compiler_error("no source " ~ source_name ~ "." ~ table_name ~ " in the registry") }}
    {%- elif execute -%}
        {#- a unit test: compiled without the graph; the run's copy of the registry has it -#}
        {%- set found = run_query("select record_id, column_name, kind, is_required, enum_values, unique_key,
            version_column from raw.source_registry where source_name = '" ~ source_name ~ "' and table_name = '"
            ~ table_name ~ "' order by ordinal") -%}
        {%- set columns = {} -%}
        {%- for row in found.rows -%}
            {%- do columns.update({row[1]: {'meta': {'kind': row[2], 'required': row[3],
                'values': row[4].split('|') if row[4] else []}}}) -%}
        {%- endfor -%}
        {%- set first = found.rows[0] if found.rows else [none, none, none, none, none, '', ''] -%}
        {{ return({'columns': columns, 'meta': {'record_id': first[0], 'unique_key': (first[5] or '').split('|'),
                                                'version_column': first[6] or none}}) }}
    {%- endif -%}
    {{ return({'columns': {}, 'meta': {}}) }}
{%- endmacro %}

{% macro source_columns(source_name, table_name) -%}
    {#- The contract's column names of a raw export, in the registry's order. -#}
    {{ return(source_table(source_name, table_name).columns.keys() | list) }}
{%- endmacro %}

{% macro registry_checks(source_name, table_name) -%}
    {#- The checks the registry alone defines, for dq_reasons(), on the raw text (raw__<column>):
        a required id that is missing, an enum value outside the registry's list (values compare
        trimmed and lower-cased; a missing optional value passes), and a NUL byte in any value. -#}
    {%- set table = source_table(source_name, table_name) -%}
    {%- set checks = [] -%}
    {%- for name, column in table.columns.items() -%}
        {%- set meta = column.meta -%}
        {%- if meta.kind == 'id' and meta.required -%}
            {%- do checks.append(["nullif(trim(raw__" ~ name ~ "), '') is null", name ~ ": missing"]) -%}
        {%- elif meta.kind == 'enum' and meta.required -%}
            {%- do checks.append(["not " ~ is_in('raw__' ~ name, meta['values']), name ~ ": unknown value"]) -%}
        {%- elif meta.kind == 'enum' -%}
            {%- do checks.append(["nullif(trim(raw__" ~ name ~ "), '') is not null and not "
                                  ~ is_in('raw__' ~ name, meta['values']), name ~ ": unknown value"]) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(checks + nul_checks(table.columns.keys() | list)) }}
{%- endmacro %}
