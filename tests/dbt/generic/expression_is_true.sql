{% test expression_is_true(model, expression, where=none, column_name=none) %}
{#- Fails with every row of `model` for which `expression` is not true. -#}
select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where %} and ({{ where }}){% endif %}
{% endtest %}
