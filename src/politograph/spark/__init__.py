"""Past one machine: the extractor as a PySpark job, and its Parquet output loaded into a store."""
