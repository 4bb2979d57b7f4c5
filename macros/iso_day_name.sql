{% macro iso_day_name(day_of_week_column) -%}
    {#- The English name of an ISO day of the week (1 = Monday ... 7 = Sunday) -#}
    case {{ day_of_week_column }}
        when 1 then 'Monday' when 2 then 'Tuesday' when 3 then 'Wednesday' when 4 then 'Thursday'
        when 5 then 'Friday' when 6 then 'Saturday' when 7 then 'Sunday'
    end
{%- endmacro %}
