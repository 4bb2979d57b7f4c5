{#- RESTRICTED (personal data): the words customers wrote (survey comments, social messages, ticket
    categories), for the few who read them; marts.fct_texts publishes their scores and themes.
    Published to the restricted file, never to the BI file. -#}

with

final as (

    select
        text_id,
        customer_id,
        text_kind,
        occurred_at,
        text_body
    from {{ ref('int_texts') }}

)

select * from final
