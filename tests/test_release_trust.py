"""Release trust: `verify` cannot be satisfied by rewriting the manifest, and a killed or concurrent build never
leaves `dist/` without a verifiable release or with stale directories."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import builders.release
import builders.verify
from builders.cache import Cache
from builders.lock import SHIPPED_LOCK, lock_of, release_digest, render
from builders.paths import MANIFEST, sha256_of
from builders.pipeline import corpus_at
from builders.problems import CorpusError
from builders.release import build_release, output_lock
from builders.verify import canonical_manifest, verification, verify_release
from conftest import GOOD


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Path]:
    """(project, release): the good fixture corpus built once; tests work on copies."""
    project = tmp_path_factory.mktemp("small")
    shutil.copytree(GOOD, project, dirs_exist_ok=True)
    return project, build_release(corpus_at(project), project / "dist", project)


@pytest.fixture
def copy(small, tmp_path) -> Path:
    target = tmp_path / small[1].name
    shutil.copytree(small[1], target)
    return target


def _manifest(release: Path) -> dict:
    return json.loads((release / MANIFEST).read_text(encoding="utf-8"))


def _rewrite_manifest(release: Path, edit=None) -> None:
    """What an attacker does after editing files: every sha256 and size re-pinned, written canonically."""
    manifest = _manifest(release)
    for entry in manifest["files"]:
        path = release / entry["path"]
        if path.is_file():
            entry["sha256"], entry["bytes"] = sha256_of(path), path.stat().st_size
            if "rows" in entry:
                entry["rows"] = pq.read_metadata(path).num_rows
    if edit:
        edit(manifest)
    (release / MANIFEST).write_text(canonical_manifest(manifest), encoding="utf-8")


def _cover_tracks(release: Path) -> None:
    """Re-pin lock.json and the manifest too: only a lock or digest kept elsewhere can tell."""
    (release / SHIPPED_LOCK).unlink()
    (release / SHIPPED_LOCK).write_text(render(lock_of(release, version=_manifest(release)["version"])), encoding="utf-8")
    _rewrite_manifest(release)


def _set_column(release: Path, relative: str, column: str, change) -> None:
    table = pq.read_table(release / relative)
    index = table.schema.get_field_index(column)
    values = change(table.column(column).to_pylist())
    pq.write_table(table.set_column(index, table.schema.field(index), pa.array(values, table.schema.field(index).type)), release / relative)


def _flip_veracity(release: Path) -> None:
    _set_column(release, "data/claims/train-00000-of-00001.parquet", "veracity", lambda v: [(v[0] + 1) % 4] + v[1:])


def _drop_fact(release: Path) -> None:
    relative = "data/facts/full-00000-of-00001.parquet"
    table = pq.read_table(release / relative)
    pq.write_table(table.slice(0, table.num_rows - 1) if table.num_rows > 1 else table.slice(0, 0), release / relative)


def _edit_text(relative: str, old: str, new: str):
    def edit(release: Path) -> None:
        path = release / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _edit_disk(release: Path) -> None:
    """Rewrite the save_to_disk Arrow file of the claims train split with one veracity changed."""
    folder = release / "disk" / "claims" / "train"
    (arrow,) = folder.glob("*.arrow")
    table = pa.ipc.open_stream(arrow.read_bytes()).read_all()  # not memory-mapped: the file is rewritten below
    index = table.schema.get_field_index("veracity")
    values = table.column("veracity").to_pylist()
    table = table.set_column(index, table.schema.field(index), pa.array([(values[0] + 1) % 4] + values[1:], table.schema.field(index).type))
    with pa.OSFile(str(arrow), "wb") as sink, pa.ipc.new_stream(sink, table.schema) as stream:
        stream.write_table(table)


def _edit_plot(release: Path) -> None:
    plot = sorted((release / "plots").glob("*.png"))[0]
    plot.write_bytes(plot.read_bytes() + b"\0")


CONTENT_EDITS = {
    "claim veracity in the Parquet": _flip_veracity,
    "a dropped fact row": _drop_fact,
    "the licence in the release README": _edit_text("README.md", "CC-BY-4.0", "CC0-1.0"),
    "croissant.json": _edit_text("croissant.json", "hague-claims", "hague-claimz"),
    "a disk/ Arrow file": _edit_disk,
    "a plot": _edit_plot,
}


@pytest.mark.parametrize("edit", sorted(CONTENT_EDITS))
def test_a_rehashed_manifest_does_not_hide_an_edit(edit, small, copy):
    """With manifest (and even lock.json) re-pinned, the pinned lock and the quoted digest still catch every edit."""
    project, release = small
    pinned = lock_of(release)
    CONTENT_EDITS[edit](copy)
    _rewrite_manifest(copy)
    assert verify_release(copy), "the shipped lock.json (or disk/ check) should already disagree"
    _cover_tracks(copy)
    assert verify_release(copy, pinned=pinned), f"{edit}: passed verify against the pinned lock"
    if edit in ("claim veracity in the Parquet", "a dropped fact row", "a disk/ Arrow file"):
        assert {p.rule for p in verify_release(copy, digest=release_digest(pinned))} & {"digest-mismatch", "disk-data-mismatch"}


@pytest.mark.parametrize("edit", sorted(CONTENT_EDITS))
def test_a_cached_verification_is_not_reused_for_other_bytes(edit, small, copy, tmp_path):
    """verify's cache is keyed by every file's SHA-256: an edit with lock.json and manifest re-pinned is caught
    against the pinned lock exactly as without a cache."""
    project, release = small
    pinned = lock_of(release)
    cache = Cache(tmp_path / "cache")
    assert verify_release(copy, pinned=pinned, cache=cache) == []
    CONTENT_EDITS[edit](copy)
    _cover_tracks(copy)
    found = verify_release(copy, pinned=pinned, cache=cache)
    assert found and found == verify_release(copy, pinned=pinned)
    assert verify_release(copy, pinned=pinned, cache=cache) == found  # and the same from the edited bytes' own entry


def test_verify_reuses_its_checks_for_exactly_the_same_bytes(small, copy, tmp_path, monkeypatch):
    project, release = small
    cache = Cache(tmp_path / "cache")
    problems, digest = verification(copy, cache=cache)
    assert problems == [] and digest == release_digest(lock_of(release))

    def not_again(*args, **kwargs):
        raise AssertionError("the records were checked again for bytes already verified")

    monkeypatch.setattr(builders.verify, "load_records", not_again)
    monkeypatch.setattr(builders.verify, "check_disk_form", not_again)
    assert verification(copy, cache=cache) == ([], digest)
    assert [p.rule for p in verification(copy, digest="0" * 64, cache=cache)[0]] == ["digest-mismatch"]  # comparisons still run
    monkeypatch.undo()
    _edit_plot(copy)  # every file's checksum is still computed and compared with the manifest
    assert "checksum-mismatch" in {p.rule for p in verification(copy, cache=cache)[0]}


def test_the_disk_form_is_compared_with_the_data_record_by_record(copy):
    _edit_disk(copy)
    _rewrite_manifest(copy)
    problems = [p for p in verify_release(copy) if p.rule == "disk-data-mismatch"]
    assert [(p.path, p.line) for p in problems] == [("disk/claims/train", 1)]


MANIFEST_EDITS = {
    "bytes changed": lambda m: m["files"][0].update(bytes=m["files"][0]["bytes"] + 1),
    "bytes negative": lambda m: m["files"][0].update(bytes=-1),
    "name changed": lambda m: m.update(name="other-dataset"),
    "version changed": lambda m: m.update(version="9.9.9"),
    "extra top-level key": lambda m: m.update(signed=True),
    "extra entry key": lambda m: m["files"][0].update(note="x"),
    "duplicated entry": lambda m: m["files"].insert(1, dict(m["files"][0])),
    "rows as a string": lambda m: next(e for e in m["files"] if "rows" in e).update(rows="1"),
}


@pytest.mark.parametrize("edit", sorted(MANIFEST_EDITS))
def test_a_manifest_edit_fails_verify(edit, copy):
    _rewrite_manifest(copy, MANIFEST_EDITS[edit])
    rules = {p.rule for p in verify_release(copy)}
    assert rules & {"manifest-malformed", "size-mismatch"}, edit


@pytest.mark.parametrize(
    "serialise",
    [
        lambda m: json.dumps(m),
        lambda m: json.dumps(m, indent=2, sort_keys=True),
        lambda m: canonical_manifest(m) + "\n",
        lambda m: canonical_manifest(m) + " ",
        lambda m: canonical_manifest(m).replace("\n", "\r\n"),
        lambda m: json.dumps(m, indent=4, sort_keys=True) + "\n",
    ],
    ids=["compact", "no-final-newline", "appended-newline", "appended-space", "crlf", "indent-4"],
)
def test_a_reserialised_manifest_fails_verify(serialise, copy):
    manifest = _manifest(copy)
    (copy / MANIFEST).write_text(serialise(manifest), encoding="utf-8", newline="")
    assert "manifest-malformed" in {p.rule for p in verify_release(copy)}


def test_a_manifest_with_a_repeated_key_fails_verify(copy):
    text = (copy / MANIFEST).read_text(encoding="utf-8")
    (copy / MANIFEST).write_text(text.replace('"name": "hague-claims",', '"name": "hague-claims",\n  "name": "hague-claims",', 1), encoding="utf-8")
    assert [p.rule for p in verify_release(copy)] == ["manifest-malformed"]


def test_the_release_ships_its_lock_and_verify_prints_the_digest(small, capsys):
    from builders.cli import main

    project, release = small
    shipped = json.loads((release / SHIPPED_LOCK).read_text(encoding="utf-8"))
    assert SHIPPED_LOCK in {entry["path"] for entry in _manifest(release)["files"]}
    assert shipped == lock_of(release)
    digest = release_digest(shipped)
    assert main(["--project", str(project), "verify", str(release), "--digest", digest]) == 0
    assert f"release digest: {digest}" in capsys.readouterr().out
    assert main(["--project", str(project), "verify", str(release), "--digest", "0" * 64]) == 1
    assert "[digest-mismatch]" in capsys.readouterr().err


def test_verify_uses_the_repository_lock_of_the_version_by_default(small, copy, capsys):
    from builders.cli import main
    from builders.lock import lock_path

    project, release = small
    pinned = lock_path(project)
    pinned.parent.mkdir(exist_ok=True)
    pinned.write_text(render(lock_of(release)), encoding="utf-8")
    try:
        assert main(["--project", str(project), "verify", str(copy)]) == 0
        assert f"against {pinned}" in capsys.readouterr().out
        _flip_veracity(copy)
        _cover_tracks(copy)
        assert main(["--project", str(project), "verify", str(copy)]) == 1
        assert "[lock-mismatch]" in capsys.readouterr().err
    finally:
        shutil.rmtree(pinned.parent)


# --- building: the swap, killed builds, concurrent builds ------------------------------------------------------


def _run_killed(project: Path, out: Path, step: str, *, exchange: bool = True) -> int:
    """Build in a forked child that dies (os._exit, like SIGKILL: no cleanup runs) when `step` is reached."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            if not exchange:
                builders.release._exchange = lambda a, b: False
            if step == "between-renames":
                renames = []
                original = Path.rename

                def rename(self, target):
                    renames.append(self)
                    if len(renames) == 2:
                        os._exit(9)
                    return original(self, target)

                Path.rename = rename
            elif step == "after-exchange":
                exchange_now = builders.release._exchange

                def exchange_then_die(a, b):
                    exchange_now(a, b)
                    os._exit(9)

                builders.release._exchange = exchange_then_die
            else:
                setattr(builders.release, step, lambda *args, **kwargs: os._exit(9))
            build_release(corpus_at(project), out, project)
        finally:
            os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


STEPS = ["write_parquet", "check_metadata_inputs", "write_disk_form", "write_metadata", "write_lock", "write_manifest", "verify_release", "swap_into_place", "after-exchange"]


def test_a_build_killed_at_any_step_leaves_a_verifiable_release_and_the_next_build_cleans_up(small, tmp_path):
    project, release = small
    out = tmp_path / "dist"
    shutil.copytree(release, out / release.name)
    before = {p.relative_to(out): p.read_bytes() for p in (out / release.name).rglob("*") if p.is_file()}
    for step in STEPS:
        assert _run_killed(project, out, step) == 9, step
        assert verify_release(out / release.name) == [], step
        if step != "after-exchange":  # after the exchange the new (identical) release is in place
            assert {p.relative_to(out): p.read_bytes() for p in (out / release.name).rglob("*") if p.is_file()} == before, step
        stale = [p.name for p in out.iterdir() if p.name != release.name]
        assert len(stale) <= 1, f"{step}: the build should have removed what the previous killed build left: {stale}"
    build_release(corpus_at(project), out, project)
    assert sorted(p.name for p in out.iterdir()) == [release.name]
    assert verify_release(out / release.name) == []


def test_the_fallback_swap_killed_between_its_renames_is_repaired_by_the_next_build(small, tmp_path):
    project, release = small
    out = tmp_path / "dist"
    shutil.copytree(release, out / release.name)
    assert _run_killed(project, out, "between-renames", exchange=False) == 9
    assert not (out / release.name).exists()  # the window the atomic exchange closes
    assert [p.name.split(".retired-")[0] for p in out.iterdir() if ".retired-" in p.name] == [f".{release.name}"]
    build_release(corpus_at(project), out, project)
    assert sorted(p.name for p in out.iterdir()) == [release.name]
    assert verify_release(out / release.name) == []


def test_the_swap_is_one_atomic_exchange(small, tmp_path, monkeypatch):
    """On Linux the old release is exchanged with the new one by renameat2: no moment without a release."""
    project, release = small
    out = tmp_path / "dist"
    shutil.copytree(release, out / release.name)
    calls = []
    original = builders.release._exchange
    monkeypatch.setattr(builders.release, "_exchange", lambda a, b: calls.append((a, b)) or original(a, b))
    monkeypatch.setattr(Path, "rename", lambda self, target: pytest.fail(f"rename {self} -> {target} instead of an exchange"))
    build_release(corpus_at(project), out, project)
    assert len(calls) == 1
    assert verify_release(out / release.name) == []


def test_a_second_build_fails_clearly_while_one_holds_the_output(small, tmp_path, capsys):
    from builders.cli import main

    project, release = small
    out = tmp_path / "dist"
    shutil.copytree(release, out / release.name)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with output_lock(out):
        with pytest.raises(CorpusError) as caught:
            build_release(corpus_at(project), out, project)
        assert [p.rule for p in caught.value.problems] == ["build-in-progress"]
        assert main(["--project", str(project), "build", "--out", str(out)]) == 1
        assert "[build-in-progress]" in capsys.readouterr().err
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_two_concurrent_builds_end_with_one_release(small, tmp_path):
    project, release = small
    out = tmp_path / "dist"
    children = []
    for _ in range(2):
        pid = os.fork()
        if pid == 0:  # pragma: no cover
            try:
                build_release(corpus_at(project), out, project)
                os._exit(0)
            except CorpusError as error:
                os._exit(1 if [p.rule for p in error.problems] == ["build-in-progress"] else 2)
            except BaseException:
                os._exit(3)
        children.append(pid)
    codes = sorted(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children)
    assert codes in ([0, 0], [0, 1]), codes  # [0, 0] only if one finished before the other started
    assert sorted(p.name for p in out.iterdir()) == [release.name]
    assert verify_release(out / release.name) == []


def test_the_built_release_verifies_against_the_pinned_lock_of_its_version(release):
    """The repository's releases/<version>.lock pins this build: its records always, its files' bytes when written
    with the same library versions. A card or metadata change without a regenerated lock fails here."""
    from builders.lock import lock_path, read_lock
    from conftest import PROJECT

    problems = verify_release(release, pinned=read_lock(lock_path(PROJECT)))
    assert problems == [], "\n".join(map(str, problems)) + "\nregenerate the lock: hague-claims build && hague-claims lock --write"
