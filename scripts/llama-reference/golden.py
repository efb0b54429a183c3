#!/usr/bin/env python3
"""Runs the llama.cpp reference on every prompt of a prompts file and writes one golden JSON file.

usage: golden.py REFERENCE_BINARY MODEL.gguf MODEL_AS_RUN.gguf PROMPTS.json OUT.json

MODEL.gguf is the file the tests load (its sha256 is recorded); MODEL_AS_RUN.gguf the one llama.cpp runs.
"""
import hashlib
import json
import re
import subprocess
import sys


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def main(binary, model, model_as_run, prompts_file, out):
    with open(prompts_file, encoding="utf-8") as f:
        cases = json.load(f)["cases"]
    results = []
    for case in cases:
        run = subprocess.run([binary, model_as_run, str(case["max_new_tokens"])], input=case["prompt"].encode("utf-8"),
                             capture_output=True, check=False)
        if run.returncode != 0:
            sys.exit("golden.py: the reference failed on a prompt:\n" + run.stderr.decode(errors="replace")[-2000:])
        results.append({**case, **json.loads(run.stdout)})
    golden = {
        "reference": "llama.cpp as vendored in llama-cpp-python 0.3.36 (scripts/llama-reference) on the model "
                     "dequantized to float32 by its llama-quantize: float32 KV cache, no flash attention, greedy",
        "model_sha256": sha256(model),
        "cases": results,
    }
    text = json.dumps(golden, ensure_ascii=False, indent=1)
    # number arrays on one line each, so a regenerated file diffs by case
    text = re.sub(r"\[\s+([-0-9.,e\s]*?)\s+\]", lambda m: "[" + re.sub(r"\s+", "", m.group(1)) + "]", text)
    with open(out, "w", encoding="utf-8") as f:
        f.write(text + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
