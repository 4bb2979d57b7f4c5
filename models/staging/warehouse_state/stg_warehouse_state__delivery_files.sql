{#- The delivered files of this build, one per (delivery, raw export), with the name the audit
    tables give a file: its delivery folder and file name ('2026-11-02/raw_orders.csv'), or the
    file name alone when the build reads one delivery. -#}

select
    delivery_index,
    delivery,
    table_name,
    file_path,
    case
        when delivery = '' then regexp_extract(file_path, '[^/]+$')
        else delivery || '/' || regexp_extract(file_path, '[^/]+$')
    end as source_file,
    file_bytes,
    file_sha256,
    data_rows,
    load_status,
    duplicate_of
from {{ source('warehouse_state', 'delivery_files') }}
