{% macro unit_removal_rows(units, rows) -%}
    {#- For an incremental model of strategy replace_units: a row for each unit that `units` (a CTE
        with the model's unit_key) names and `rows` (the CTE of the run's rows) has no row of.
        Every column of the model's table is NULL but the unit key and _built_by (the run), so
        replace_units deletes the unit's old rows and inserts nothing (its row_key is NULL). The
        columns follow the table's order, as the run's rows do. -#}
    {%- set unit_key = config.get('unit_key') -%}
    select
        {%- for column in adapter.get_columns_in_relation(this) %}
        {%- if column.name == unit_key %}
        {{ units }}.{{ unit_key }}
        {%- elif column.name == '_built_by' %}
        '{{ invocation_id }}' as _built_by
        {%- else %}
        null as {{ column.name }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ units }}
    where {{ units }}.{{ unit_key }} not in (select {{ rows }}.{{ unit_key }} from {{ rows }})
{%- endmacro %}
