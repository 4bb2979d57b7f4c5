{% macro own_clock(utc_column, customers) -%}
    {#- A UTC timestamp on the customer's own clock where their time zone is known (dim_customers:
        time_zone_source phone or country), else left on UTC; see clock_kind -#}
    case
        when {{ customers }}.time_zone_source in ('phone', 'country')
            then {{ utc_to_local(utc_column, customers ~ '.time_zone') }}
        else {{ utc_column }}
    end
{%- endmacro %}
