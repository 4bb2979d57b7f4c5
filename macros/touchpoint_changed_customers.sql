{% macro touchpoint_changed_customers(placed, identified, previous) -%}
    {#- For a model incremental by customer whose rows depend on the customer's own touchpoints
        alone (any of their columns): the customers to build again in this run. `placed` is
        int_journey_touchpoints, which places again the customers whose touchpoints' time, id,
        type, channel or conversion changed (a touchpoint added, gone, moved or retimed);
        `identified` is int_touchpoints_identified, whose rows written in this run are the only
        touchpoints any column of which can have changed (their source, detail, campaign,
        stage...); `previous` is the model's own table, whose customers with no touchpoint any
        more lose their rows. Each relation is given by its ref(). -#}
    select customer_id
    from {{ placed }}
    where _built_by = '{{ invocation_id }}'
    union
    select customer_id
    from {{ identified }}
    where _built_by = '{{ invocation_id }}' and customer_id is not null
    union
    select previous.customer_id
    from (select distinct customer_id from {{ previous }}) as previous
    where not exists (
        select 1
        from {{ placed }} as current_touchpoints
        where current_touchpoints.customer_id = previous.customer_id
    )
{%- endmacro %}
