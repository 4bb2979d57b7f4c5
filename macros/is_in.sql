{% macro is_in(column, values) -%}
    {#- true when the trimmed, lower-cased value is one of `values` (an enum check). -#}
    coalesce(lower(trim({{ column }})) in ({% for v in values %}'{{ v }}'{{ ', ' if not loop.last }}{% endfor %}), false)
{%- endmacro %}
