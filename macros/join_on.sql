{% macro join_on(left, right, columns, left_suffix='') -%}
    {#- The condition of a join on several key columns: left.<c><left_suffix> = right.<c> for each c,
        joined by `and`. `left_suffix` serves a left side that holds two copies of a key
        (identifier_type_a / identifier_type_b). -#}
    {%- for column in columns -%}
        {{ left }}.{{ column }}{{ left_suffix }} = {{ right }}.{{ column }}{{ ' and ' if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
