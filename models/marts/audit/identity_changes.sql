{#- audit.identity_changes: every merge, split and removal of customer ids since the first
    publication (int_identity_changes). To follow an id: a merged id's survivor is its customer_id
    (follow again if that one was merged later); a removed id has none. -#}

select * from {{ ref('int_identity_changes') }}  -- noqa: AM04
