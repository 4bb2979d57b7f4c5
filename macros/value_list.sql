{% macro value_list(column, values) -%}
    {#- A small table of one column from a list of constants (strings are quoted, numbers are not):
        `select 'a' as c union all select 'b' as c`, for a CTE to cross join or join on. -#}
    {%- for value in values %}
    select {{ "'" ~ value ~ "'" if value is string else value }} as {{ column }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
