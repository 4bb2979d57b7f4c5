{% macro dq_reasons(checks) -%}
    {#- checks: list of [sql condition that is true for a bad row, reason text]. Returns the
        reasons of every failed check joined with '; ', or NULL when the row passes them all. A
        reason may be {'sql': an SQL text expression} when it names a value of the row. -#}
    nullif(concat_ws('; '
    {%- for check in checks %},
        case when {{ check[0] }} then {{ check[1].sql if check[1] is mapping else "'" ~ check[1] | replace("'", "''") ~ "'" }} end
    {%- endfor %}
    ), '')
{%- endmacro %}
