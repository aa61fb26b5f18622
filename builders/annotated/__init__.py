"""Steps that read annotators' files (entities, claims, links). Adding a layer means a module here with a `Layer` subclass,
its records in `builders.records`, its configs in `builders.configs`, its input entries in `builders.inputs` and its rules
with fixtures in tests/."""
