import datasets

release = "RELEASE"  # the release folder: run from the folder that holds it, or give its full path
claims = datasets.load_dataset(release, "claims")  # DatasetDict: train / validation / test
veracity = claims["train"].features["veracity"]  # a ClassLabel: integers in the data, names here
print(claims["train"][0]["text"], "->", veracity.int2str(claims["train"][0]["veracity"]))
sentences = datasets.load_dataset(release, "sentences", split="test", streaming=True)
mentions = datasets.load_from_disk(f"{release}/disk/mentions")  # the save_to_disk form of every config
