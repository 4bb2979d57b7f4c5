{% macro dq_status(key_columns, order_by='_line_number') -%}
    {#- What the warehouse does with a validated raw row: 'quarantined' when it failed a check
        (dq_reason set), else 'staged' for the first row of its key (by order_by) and 'duplicate'
        for repeats. Needs dq_reason and _line_number in scope; _line_number is the tiebreaker. -#}
    case
        when dq_reason is not null then 'quarantined'
        when row_number() over (
            partition by dq_reason is null, {{ key_columns | join(', ') }}
            order by {{ order_by }}, _line_number
        ) = 1 then 'staged'
        else 'duplicate'
    end
{%- endmacro %}
