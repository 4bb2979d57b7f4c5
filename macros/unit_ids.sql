{% macro unit_ids(units, prefix) -%}
    {#- The ids of the units a CTE names (`units`, with a column _unit = '<prefix>/' || id) that
        carry `prefix`: for a filter on the id column itself (`id in (...)`). A filter on an
        expression of the id (`'<prefix>/' || id in (...)`) made DuckDB read every row of the
        source and build its unit before the semi join (21M email activities at 1M people). -#}
    select substr({{ units }}._unit, {{ prefix | length + 2 }})
    from {{ units }}
    where substr({{ units }}._unit, 1, {{ prefix | length + 1 }}) = '{{ prefix }}/'
{%- endmacro %}
