{% macro pseudonymize(column) -%}
    {#- A stable join key for personal data without the data: SHA-256 of the normalized value.
        Hashing a known list the same way (normalized first) matches it. NULL stays NULL. -#}
    case when {{ column }} is not null then sha256({{ column }}) end
{%- endmacro %}
