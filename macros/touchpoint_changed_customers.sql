{% macro rewritten_or_gone_units(upstream, previous, unit_key='customer_id') -%}
    {#- For a model incremental by unit whose rows follow from the rows of a replace_units model
        (`upstream`, by its ref()) with the same unit: the units to build again in this run, those
        the upstream wrote in it, and those of the model's own table (`previous`, i.e. `this`)
        that the upstream no longer holds. -#}
    select {{ unit_key }}
    from {{ upstream }}
    where _built_by = '{{ invocation_id }}'
    union
    select previous.{{ unit_key }}
    from (select distinct {{ unit_key }} from {{ previous }}) as previous
    where not exists (
        select 1
        from {{ upstream }} as current_rows
        where current_rows.{{ unit_key }} = previous.{{ unit_key }}
    )
{%- endmacro %}

{% macro touchpoint_changed_customers(placed, identified, previous) -%}
    {#- For a model incremental by customer whose rows depend on the customer's own touchpoints
        alone (any of their columns): the customers to build again in this run. `placed` is
        int_journey_touchpoints, which places again the customers whose touchpoints' time, id,
        type, channel or conversion changed (a touchpoint added, gone, moved or retimed);
        `identified` is int_touchpoints_identified, whose rows written in this run are the only
        touchpoints any column of which can have changed (their source, detail, campaign,
        stage...); `previous` is the model's own table, whose customers with no touchpoint any
        more lose their rows. Each relation is given by its ref(). -#}
    {{ rewritten_or_gone_units(placed, previous) }}
    union
    select customer_id
    from {{ identified }}
    where _built_by = '{{ invocation_id }}' and customer_id is not null
{%- endmacro %}
