{% macro wilson_bound(successes, trials, side) -%}
    {#- One end ('low' or 'high') of the 95 % Wilson score interval of a rate successes / trials
        (z = 1.96: z/2 squared = 0.9604, z squared = 3.8416); NULL for no trials. -#}
    ({{ successes }} + 1.92 {{ '-' if side == 'low' else '+' }} 1.96 * sqrt(
        {{ successes }} * ({{ trials }} - {{ successes }}) * 1.0 / nullif({{ trials }}, 0) + 0.9604
    )) / nullif({{ trials }} + 3.8416, 3.8416)
{%- endmacro %}
