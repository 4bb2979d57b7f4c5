{% macro data_end_at() -%}
    {#- The data's end, the contract's "today" for open journeys and membership status: the latest
        touchpoint in the warehouse (UTC timestamp), as a scalar subquery. -#}
    (select max(data_end_touchpoints.occurred_at) from {{ ref('fct_touchpoints') }} as data_end_touchpoints)
{%- endmacro %}
