"""Writes the quantization fixtures: random blocks of each ggml type (scale fields set to finite f16 values) and
their float32 values as decoded by the gguf Python package, an implementation independent of the engine's.

Run: python3 -m pip install gguf==0.19.0 numpy && python3 generate.py
"""
import numpy as np
from gguf import GGMLQuantizationType as T, GGML_QUANT_SIZES
from gguf.quants import dequantize

# byte offsets of the f16 scale fields in each block, which must not be NaN or infinite
F16_FIELDS = {"Q4_0": [0], "Q4_1": [0, 2], "Q5_0": [0], "Q5_1": [0, 2], "Q8_0": [0],
              "Q4_K": [0, 2], "Q5_K": [0, 2], "Q6_K": [208]}
BLOCKS = 6

rng = np.random.default_rng(20251123)
for name, fields in F16_FIELDS.items():
    qtype = T[name]
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    raw = rng.integers(0, 256, size=(BLOCKS, type_size), dtype=np.uint8)
    for at in fields:
        scales = rng.uniform(-0.05, 0.05, size=BLOCKS).astype(np.float16)
        raw[:, at:at + 2] = scales.view(np.uint8).reshape(BLOCKS, 2)
    values = dequantize(raw.reshape(1, -1), qtype).astype("<f4").reshape(-1)
    assert values.size == BLOCKS * block_size and np.isfinite(values).all()
    raw.tofile(f"{name}.bin")
    values.tofile(f"{name}.f32")
