{% macro is_amount(column) -%}
    {#- A plain decimal number (digits, optional sign and decimal point): `12.50`, `-3`. -#}
    regexp_full_match(trim({{ column }}), '[+-]?\d+(\.\d+)?')
{%- endmacro %}
