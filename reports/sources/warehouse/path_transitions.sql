select from_step, from_node, to_node, journeys, converted_journeys from marts.mart_path_transitions
