#!/usr/bin/env bash
# Regenerates a golden file of greedy continuations and per-token log-probabilities computed by llama.cpp (built
# from source by scripts/install-llamacpp.sh), which the engine's tests compare selfmoe against. llama.cpp first
# dequantizes the model to float32 with its own llama-quantize, so the reference multiplies the same weights the
# engine's float32 path does (on quantized weights it would also round activations to 8 bits).
#
# usage: scripts/llama-reference/golden.sh MODEL.gguf OUT.json [PROMPTS.json]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
project="$(cd "$here/../.." && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 MODEL.gguf OUT.json [PROMPTS.json]" >&2; exit 2; }
model="$1"
out="$2"
prompts="${3:-$project/engine/src/test/resources/golden/prompts.json}"

bin="$("$project/scripts/install-llamacpp.sh")"
root="$(cd "$bin/../.." && pwd)"
reference="$bin/llama-reference"
if [ ! -x "$reference" ] || [ "$here/reference.c" -nt "$reference" ]; then
  cc -O2 -o "$reference" "$here/reference.c" -I"$root/include" -I"$root/ggml/include" \
    -L"$bin" -lllama -lggml -lggml-base -lm -Wl,-rpath,"$bin"
fi
[ -x "$bin/llama-quantize" ] || cmake --build "$root/build" -j "$(nproc)" --target llama-quantize >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin/llama-quantize" --allow-requantize "$model" "$work/model-f32.gguf" F32 >"$work/quantize.log" 2>&1 \
  || { tail -5 "$work/quantize.log" >&2; exit 1; }
python3 "$here/golden.py" "$reference" "$model" "$work/model-f32.gguf" "$prompts" "$out"
echo "wrote $out" >&2
