-- reporting.mart_path_transitions with nodes in plain words: "1. in_person" reads "1. In person"
select
    from_step,
    regexp_extract(from_node, '^[0-9]+\. ')
    || upper(substr(regexp_replace(from_node, '^[0-9]+\. ', ''), 1, 1))
    || replace(substr(regexp_replace(from_node, '^[0-9]+\. ', ''), 2), '_', ' ') as from_node,
    regexp_extract(to_node, '^[0-9]+\. ')
    || upper(substr(regexp_replace(to_node, '^[0-9]+\. ', ''), 1, 1))
    || replace(substr(regexp_replace(to_node, '^[0-9]+\. ', ''), 2), '_', ' ') as to_node,
    journeys,
    converted_journeys
from reporting.mart_path_transitions
