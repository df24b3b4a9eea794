"""Running the pipeline over many documents: local worker processes, or a Dask cluster."""
