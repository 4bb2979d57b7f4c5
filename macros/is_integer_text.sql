{% macro is_integer_text(column) -%}
    {#- A plain integer (digits, optional sign): `12`, `-3`. -#}
    regexp_full_match(trim({{ column }}), '[+-]?\d+')
{%- endmacro %}
