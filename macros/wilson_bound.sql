{% macro wilson_bound(successes, trials, side) -%}
    {#- One end ('low' or 'high') of the 95 % Wilson score interval of a rate successes / trials
        (z = 1.96: z squared = 3.8416, its half 1.9208, its quarter 0.9604). At a rate of 0 the
        low end is exactly 0 and at a rate of 1 the high end exactly 1 (as the formula gives, free
        of floating-point rounding); NULL for no trials. -#}
    case
        when {{ trials }} = 0 then null
        {% if side == 'low' -%}
        when {{ successes }} = 0 then 0.0
        {%- else -%}
        when {{ successes }} = {{ trials }} then 1.0
        {%- endif %}
        else ({{ successes }} + 1.9208 {{ '-' if side == 'low' else '+' }} 1.96 * sqrt(
            {{ successes }} * ({{ trials }} - {{ successes }}) * 1.0 / {{ trials }} + 0.9604
        )) / ({{ trials }} + 3.8416)
    end
{%- endmacro %}
