select from_step, from_node, to_node, journeys, converted_journeys from reporting.mart_path_transitions
