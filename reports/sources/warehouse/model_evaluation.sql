select model, sample, metric, value, definition from marts.mart_model_evaluation
