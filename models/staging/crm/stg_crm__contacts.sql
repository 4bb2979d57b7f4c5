with

contacts as (

    select * from {{ ref('base_crm__contacts') }}

),

staged as (

    select
        contact_id,
        email,
        email_raw,
        phone,
        phone_raw,
        first_name,
        last_name,
        postal_code,
        country_code,
        member_number,
        social_handle,
        created_at,
        last_modified_at,
        is_test,
        _line_number as source_line_number
    from contacts
    where dq_status = 'staged'

)

select * from staged
