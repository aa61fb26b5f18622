"""Annotation layers. Each turns corpus files into records of its configs and checks its own rules.

Adding a layer means adding a module here with a `Layer` subclass, its record types in `builders.records`, its
configs in `builders.configs`, its input entries in `builders.inputs` and its rules with fixtures in tests/.
"""
