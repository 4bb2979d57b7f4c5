{% macro raw_file_models() -%}
    {#- Each raw export of the contract -> [its base model (validated rows with dq_status), its
        staging model, the raw id column]. The audit models loop over this. -#}
    {{ return({
        'raw_crm_contacts': ['base_crm__contacts', 'stg_crm__contacts', 'contact_id'],
        'raw_web_events': ['base_web__events', 'stg_web__events', 'event_id'],
        'raw_email_activity': ['base_email__activities', 'stg_email__activities', 'activity_id'],
        'raw_ad_clicks': ['base_ads__clicks', 'stg_ads__clicks', 'click_id'],
        'raw_social_interactions': ['base_social__interactions', 'stg_social__interactions', 'interaction_id'],
        'raw_support_tickets': ['base_support__tickets', 'stg_support__tickets', 'ticket_id'],
        'raw_event_registrations': ['base_events__registrations', 'stg_events__registrations', 'registration_id'],
        'raw_orders': ['base_commerce__orders', 'stg_commerce__orders', 'order_id'],
        'raw_memberships': ['base_membership__events', 'stg_membership__events', 'membership_event_id'],
        'raw_survey_responses': ['base_surveys__responses', 'stg_surveys__responses', 'response_id'],
        'raw_direct_mail': ['base_direct_mail__mail_pieces', 'stg_direct_mail__mail_pieces', 'mail_piece_id'],
        'raw_fx_rates': ['base_fx__rates', 'stg_fx__rates', 'rate_date'],
    }) }}
{%- endmacro %}
