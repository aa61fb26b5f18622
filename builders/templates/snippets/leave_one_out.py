import datasets

release = "RELEASE"
claims = datasets.concatenate_datasets(list(datasets.load_dataset(release, "claims").values()))
folds = [(claims.filter(lambda r: r["document_id"] != d), claims.filter(lambda r: r["document_id"] == d)) for d in sorted(set(claims["document_id"]))]
