{% macro units_naming(rows, identifiers, suffixes) -%}
    {#- For a model incremental by unit whose rows name identifiers in pairs of columns
        (identifier_type<suffix>, identifier_value<suffix>, one pair per suffix): the units (_unit)
        of the rows of `rows` (a ref()) that name an identifier of `identifiers` (a CTE with
        identifier_type and identifier_value, e.g. those resolved or screened again in this run)
        in any of those pairs. -#}
    {%- for suffix in suffixes %}
    select naming._unit
    from {{ rows }} as naming
    inner join {{ identifiers }}
        on {{ join_on('naming', identifiers, ['identifier_type', 'identifier_value'], left_suffix=suffix) }}
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
