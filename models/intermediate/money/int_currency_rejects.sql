{#- The staged money rows that cannot be converted to USD (no rates delivered for the currency, none
    on or before the row's date, an amount whose USD value does not fit): they are quarantined with
    the reason (audit.quarantine), and the int_*_converted models leave them out. -#}

{% for staging_model, money in money_amounts().items() %}
    {{ usd_conversion(ref(staging_model), ref('int_fx_rates_daily'), money, rejects=true) }}
    {% if not loop.last %}union all{% endif %}
{% endfor %}
