{% macro nul_checks(columns, prefix='raw__') -%}
    {#- A NUL byte inside a delivered value (a broken export): the value no longer equals the same
        id elsewhere, so the row is quarantined rather than silently failing to join. -#}
    {%- set checks = [] -%}
    {%- for column in columns -%}
        {%- do checks.append(["instr(" ~ prefix ~ column ~ ", chr(0)) > 0", column ~ ": contains a NUL byte"]) -%}
    {%- endfor -%}
    {{ return(checks) }}
{%- endmacro %}
