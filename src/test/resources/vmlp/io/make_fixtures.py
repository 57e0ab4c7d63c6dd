#!/usr/bin/python3
"""Writes the test fixtures of vmlp.io and vmlp.data (run once; the tests do not need Python).

    /usr/bin/python3 src/test/resources/vmlp/io/make_fixtures.py

Needs Debian's python3-torch and python3-numpy. The safetensors files are written by hand,
following the published layout (8-byte little-endian header length, JSON header, raw
little-endian data), because the safetensors package is not installed here.
"""
import json
import os
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def save_safetensors(path, tensors, metadata=None):
    """tensors: dict name -> torch tensor (float32, contiguous), written in insertion order."""
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name, t in tensors.items():
        raw = t.detach().contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # pad so the data starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def torch_fixture(name, model, inputs):
    model.eval()
    with torch.no_grad():
        outputs = model(inputs)
    save_safetensors(os.path.join(HERE, name + ".safetensors"), model.state_dict(), {"format": "pt"})
    np.save(os.path.join(HERE, name + "-inputs.npy"), inputs.numpy().astype("<f4"))
    np.save(os.path.join(HERE, name + "-outputs.npy"), outputs.numpy().astype("<f4"))


torch.manual_seed(20240605)
torch_fixture("torch-relu-softmax",
              torch.nn.Sequential(torch.nn.Linear(5, 7), torch.nn.ReLU(),
                                  torch.nn.Linear(7, 4), torch.nn.ReLU(),
                                  torch.nn.Linear(4, 3), torch.nn.Softmax(dim=1)),
              torch.randn(9, 5))
torch_fixture("torch-tanh-sigmoid",
              torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.Tanh(),
                                  torch.nn.Linear(6, 1), torch.nn.Sigmoid()),
              torch.randn(6, 3))

# NPY files as numpy writes them; values chosen so that every dtype holds them exactly
grid = np.arange(12).reshape(3, 4)
np.save(os.path.join(DATA, "f4-2d.npy"), (grid / 4 - 1).astype("<f4"))
np.save(os.path.join(DATA, "f8-2d.npy"), (grid / 4 - 1).astype("<f8"))
np.save(os.path.join(DATA, "u1-2d.npy"), (grid * 20).astype("|u1"))
np.save(os.path.join(DATA, "f4-1d.npy"), np.array([0.5, -1.25, 3.0], dtype="<f4"))
np.save(os.path.join(DATA, "u1-1d.npy"), np.array([0, 7, 255], dtype="|u1"))
np.save(os.path.join(DATA, "i4-1d.npy"), np.array([2, 0, 1, 2], dtype="<i4"))
np.save(os.path.join(DATA, "i8-1d.npy"), np.array([1, 0, 3], dtype="<i8"))
with open(os.path.join(DATA, "f4-2d-v2.npy"), "wb") as f:
    np.lib.format.write_array(f, (grid / 4 - 1).astype("<f4"), version=(2, 0))
with open(os.path.join(DATA, "f4-2d-v3.npy"), "wb") as f:
    np.lib.format.write_array(f, (grid / 4 - 1).astype("<f4"), version=(3, 0))
# files numpy writes that vmlp refuses
np.save(os.path.join(DATA, "big-endian.npy"), (grid / 4).astype(">f4"))
np.save(os.path.join(DATA, "fortran-order.npy"), np.asfortranarray((grid / 4).astype("<f4")))
np.save(os.path.join(DATA, "three-d.npy"), np.zeros((2, 2, 2), dtype="<f4"))
np.save(os.path.join(DATA, "object.npy"), np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
np.save(os.path.join(DATA, "f2.npy"), np.zeros((2, 2), dtype="<f2"))
