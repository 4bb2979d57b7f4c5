{% macro name_key(column) -%}
    {#- A name for comparison: lower case letters only ("J." -> "j", "O'Neil" -> "oneil"). -#}
    regexp_replace(lower({{ column }}), '[^a-z]', '', 'g')
{%- endmacro %}
