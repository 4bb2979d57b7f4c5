{% macro raw_file_models(include_disconnected=false) -%}
    {#- Each raw export -> [its source in the registry, its base model (every line, validated, with
        dq_status), its staging model (the staged rows)], for the connected sources only (an
        organisation without a system sets var('using_<source>') to false: its models still build,
        from an empty raw view) unless include_disconnected. The audit models loop over this. -#}
    {#- (raw file, source, entity): the base model is base_<source>__<entity>, the staging model
        stg_<source>__<entity> -#}
    {%- set files = [
        ('raw_crm_contacts', 'crm', 'contacts'), ('raw_web_events', 'web', 'events'),
        ('raw_email_activity', 'email', 'activities'), ('raw_ad_clicks', 'ads', 'clicks'),
        ('raw_social_interactions', 'social', 'interactions'), ('raw_support_tickets', 'support', 'tickets'),
        ('raw_event_registrations', 'events', 'registrations'), ('raw_orders', 'commerce', 'orders'),
        ('raw_memberships', 'membership', 'events'), ('raw_survey_responses', 'surveys', 'responses'),
        ('raw_direct_mail', 'direct_mail', 'mail_pieces'), ('raw_fx_rates', 'fx', 'rates'),
    ] -%}
    {%- set all_files = {} -%}
    {%- for file_name, source, entity in files -%}
        {%- do all_files.update({file_name: [source, 'base_' ~ source ~ '__' ~ entity,
                                             'stg_' ~ source ~ '__' ~ entity]}) -%}
    {%- endfor -%}
    {%- set enabled = {} -%}
    {%- for file_name, spec in all_files.items() if include_disconnected or var('using_' ~ spec[0], true) -%}
        {%- do enabled.update({file_name: spec}) -%}
    {%- endfor -%}
    {{ return(enabled) }}
{%- endmacro %}
