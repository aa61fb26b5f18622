"""The one place the dataset version lives (semantic versioning with data meaning, see CHANGELOG.md)."""

VERSION = "2.0.1"
