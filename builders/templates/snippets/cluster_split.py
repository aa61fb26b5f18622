import datasets

release = "RELEASE"
split_of_cluster = {row["cluster_id"]: split for split, rows in datasets.load_dataset(release, "claim_links").items() for row in rows}
cluster_of = {claim: row["id"] for row in datasets.load_dataset(release, "clusters", split="full") for claim in row["claim_ids"]}
claims = datasets.concatenate_datasets([rows.add_column("document_split", [split] * len(rows)) for split, rows in datasets.load_dataset(release, "claims").items()])
split_of = [split_of_cluster.get(cluster_of.get(claim), document_split) for claim, document_split in zip(claims["id"], claims["document_split"])]
claims_by_cluster = datasets.DatasetDict({s: claims.select([i for i, x in enumerate(split_of) if x == s]) for s in ("train", "validation", "test")})
