{% macro clock_kind(customers) -%}
    {#- 'local' where the customer's time zone is known (phone or country), else 'utc' -#}
    case when {{ customers }}.time_zone_source in ('phone', 'country') then 'local' else 'utc' end
{%- endmacro %}
