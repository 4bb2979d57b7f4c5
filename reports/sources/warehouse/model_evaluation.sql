select model, sample, metric, value, definition from reporting.mart_model_evaluation
