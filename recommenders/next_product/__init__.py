"""The next-product model: which product each customer is likeliest to take next.

`data` turns exported customers into arrays, `graph_model` is the graph model, `baselines`
the models it must beat, `model` the interface they share, `training` fits and validates them
and `ranking` scores rankings; `config` holds the training settings. Pure computation: the
export, the model files and the write-back are in `api.jobs`.
"""
