"""Would Arrow dictionary-encoded label columns (names stored in the Parquet file) still load as `ClassLabel`s?

Writes a tiny Hugging Face-layout folder whose `veracity` column is `dictionary<int32, string>`, once with the
`ClassLabel` declared in the README header (as the release declares it) and once without, and loads it with the
`datasets` installed in the running interpreter, eagerly and streaming. Run it with each `datasets` to compare, e.g.

    python3 -m venv /tmp/ds4 && /tmp/ds4/bin/pip install "datasets>=4,<5" pandas
    python3 -m venv /tmp/ds5 && /tmp/ds5/bin/pip install "datasets>=5,<6" pandas
    /tmp/ds4/bin/python benchmarks/dictionary_labels.py; /tmp/ds5/bin/python benchmarks/dictionary_labels.py

Prints one line per case; nothing is downloaded.
"""

from __future__ import annotations

import os
import tempfile

os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="dictionary-labels-cache-")

import datasets  # noqa: E402 - offline settings first
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

NAMES = ["supported", "refuted", "not-enough-info"]
HEADER = """---
configs:
- config_name: claims
  data_files:
  - split: train
    path: data/claims/train-00000-of-00001.parquet
dataset_info:
- config_name: claims
  features:
  - name: id
    dtype: string
  - name: veracity
    dtype:
      class_label:
        names:
""" + "".join(f"          '{i}': {name}\n" for i, name in enumerate(NAMES)) + """---
"""


def folder(declared: bool) -> str:
    root = tempfile.mkdtemp(prefix="dictionary-labels-")
    os.makedirs(f"{root}/data/claims")
    labels = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 0], pa.int32()), pa.array(NAMES))
    pq.write_table(pa.table({"id": ["a", "b", "c", "d"], "veracity": labels}), f"{root}/data/claims/train-00000-of-00001.parquet")
    with open(f"{root}/README.md", "w", encoding="utf-8") as handle:
        handle.write(HEADER if declared else "# no header\n")
    return root


def outcome(load) -> str:
    try:
        return load()
    except Exception as error:  # the figure is the failure itself
        return f"fails: {type(error).__name__}: {str(error).splitlines()[0][:120]}"


def main() -> None:
    datasets.disable_progress_bars()
    datasets.logging.set_verbosity_error()
    for declared in (True, False):
        root = folder(declared)
        config = "claims" if declared else None
        eager = outcome(lambda: repr(datasets.load_dataset(root, config, split="train").features["veracity"]))
        streamed = outcome(lambda: repr(next(iter(datasets.load_dataset(root, config, split="train", streaming=True)))["veracity"]))
        print(f"datasets {datasets.__version__}, pyarrow {pa.__version__}, ClassLabel declared: {declared}")
        print(f"  load_dataset feature: {eager}")
        print(f"  streaming first value: {streamed}")


if __name__ == "__main__":
    main()
