{% macro mask_value(column, kind) -%}
    {#- A personal value masked by its kind in the registry: emails, phones and handles keep a hint
        (mask_email, mask_phone, mask_handle), free text goes entirely, anything else keeps its
        first character. NULL stays NULL. -#}
    {%- if kind == 'email' -%}
        {{ mask_email(column) }}
    {%- elif kind == 'phone' -%}
        {{ mask_phone(column) }}
    {%- elif kind == 'handle' -%}
        {{ mask_handle(column) }}
    {%- elif kind == 'free_text' -%}
        case when {{ column }} is not null then '***' end
    {%- else -%}
        case when {{ column }} is not null then left({{ column }}, 1) || '***' end
    {%- endif -%}
{%- endmacro %}
