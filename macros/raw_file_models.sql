{% macro raw_file_models(include_disconnected=false) -%}
    {#- Each raw export -> [its source in the registry, its base model (every line, validated, with
        dq_status), its staging model (the staged rows)], for the connected sources only (an
        organisation without a system sets var('using_<source>') to false: its models still build,
        from an empty raw view) unless include_disconnected. The audit models loop over this. -#}
    {%- set all_files = {
        'raw_crm_contacts': ['crm', 'base_crm__contacts', 'stg_crm__contacts'],
        'raw_web_events': ['web', 'base_web__events', 'stg_web__events'],
        'raw_email_activity': ['email', 'base_email__activities', 'stg_email__activities'],
        'raw_ad_clicks': ['ads', 'base_ads__clicks', 'stg_ads__clicks'],
        'raw_social_interactions': ['social', 'base_social__interactions', 'stg_social__interactions'],
        'raw_support_tickets': ['support', 'base_support__tickets', 'stg_support__tickets'],
        'raw_event_registrations': ['events', 'base_events__registrations', 'stg_events__registrations'],
        'raw_orders': ['commerce', 'base_commerce__orders', 'stg_commerce__orders'],
        'raw_memberships': ['membership', 'base_membership__events', 'stg_membership__events'],
        'raw_survey_responses': ['surveys', 'base_surveys__responses', 'stg_surveys__responses'],
        'raw_direct_mail': ['direct_mail', 'base_direct_mail__mail_pieces', 'stg_direct_mail__mail_pieces'],
        'raw_fx_rates': ['fx', 'base_fx__rates', 'stg_fx__rates'],
    } -%}
    {%- set enabled = {} -%}
    {%- for file_name, spec in all_files.items() if include_disconnected or var('using_' ~ spec[0], true) -%}
        {%- do enabled.update({file_name: spec}) -%}
    {%- endfor -%}
    {{ return(enabled) }}
{%- endmacro %}
