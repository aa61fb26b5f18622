"""Placeholder until the layer lands."""

from builders.layers.base import Layer


class LinkLayer(Layer):
    pass
