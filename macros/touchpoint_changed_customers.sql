{% macro named_units_of(upstream, unit_key='customer_id') -%}
    {#- For a model incremental by unit whose rows follow from the rows of a replace_units model
        (`upstream`, by its ref()) with the same unit: the units to build again in this run, those
        the upstream named in it (get_incremental_replace_units_sql keeps them beside its table):
        the units whose rows it changed or emptied when it merged in place, every unit it wrote
        again or emptied when it deleted and inserted. Every row of a named unit carries the
        upstream's run marker. A unit the model's own table holds and the upstream no longer does
        was emptied in the run that dropped it, so it is among them. -#}
    select {{ unit_key }}
    from {{ named_units_relation(upstream) }}
    where _built_by = '{{ invocation_id }}'
{%- endmacro %}

{% macro touchpoint_changed_customers(placed, identified) -%}
    {#- For a model incremental by customer whose rows depend on the customer's own touchpoints
        alone (any of their columns): the customers to build again in this run. `placed` is
        int_journey_touchpoints, which places again the customers whose touchpoints' time, id,
        type, channel or conversion changed (a touchpoint added, gone, moved or retimed) and
        empties those with no touchpoint any more; `identified` is int_touchpoints_identified,
        whose rows written in this run are the only touchpoints any column of which can have
        changed (their source, detail, campaign, stage...). Each relation is given by its ref(). -#}
    {{ named_units_of(placed) }}
    union
    select customer_id
    from {{ identified }}
    where _built_by = '{{ invocation_id }}' and customer_id is not null
{%- endmacro %}
