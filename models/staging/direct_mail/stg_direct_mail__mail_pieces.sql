with

mail_pieces as (

    select * from {{ ref('base_direct_mail__mail_pieces') }}

),

staged as (

    select
        mail_piece_id,
        contact_id,
        campaign_code,
        mailed_on,
        offer_code,
        _line_number as source_line_number
    from mail_pieces
    where dq_status = 'staged'

)

select * from staged
