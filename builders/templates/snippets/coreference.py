import pandas as pd

release = "RELEASE"
m = pd.read_parquet(f"{release}/data/mentions/")
links = m.merge(m, on="entity_id").query("document_id_x < document_id_y")  # mention pairs across documents
