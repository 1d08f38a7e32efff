"""Locating ../shared/vectors (DESIGN.md §6): $HEARTH_VECTORS, else beside the source tree."""
import json
import os

_HERE = os.path.dirname(os.path.abspath(__file__))


def vectors_dir():
    env = os.environ.get("HEARTH_VECTORS")
    if env:
        return env
    # tests/functional/framework → <repo>/../shared/vectors
    return os.path.normpath(os.path.join(_HERE, "..", "..", "..", "..", "shared", "vectors"))


def vector_path(name):
    path = os.path.join(vectors_dir(), name)
    if not os.path.exists(path):
        raise FileNotFoundError("test vector %s not found (set HEARTH_VECTORS)" % path)
    return path


def read_json_vector(name):
    with open(vector_path(name)) as f:
        return json.load(f)
