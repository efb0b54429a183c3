#!/usr/bin/env bash
# Builds llama.cpp's llama-bench and llama-batched-bench (CPU only, for this CPU's vector width) once into
# ~/.cache/selfmoe/llama.cpp, and prints their directory on stdout. They are a benchmark reference only: nothing in
# selfmoe runs on them. The source is the copy vendored in the llama-cpp-python source package on PyPI.
set -euo pipefail
version="0.3.36"
root="${SELFMOE_CACHE:-$HOME/.cache/selfmoe}/llama.cpp/$version"
bin="$root/build/bin"

if [ -x "$bin/llama-bench" ] && [ -x "$bin/llama-batched-bench" ]; then
  echo "$bin"
  exit 0
fi
for tool in cmake c++ python3; do
  command -v "$tool" >/dev/null || { echo "install-llamacpp: needs $tool (apt-get install cmake g++ python3-pip)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "install-llamacpp: fetching llama-cpp-python $version's source from PyPI ..." >&2
python3 -m pip download --quiet --no-deps --no-binary :all: "llama-cpp-python==$version" -d "$work" >&2
tar -xzf "$work/llama_cpp_python-$version.tar.gz" -C "$work"
rm -rf "$root"
mkdir -p "$(dirname "$root")"
mv "$work/llama_cpp_python-$version/vendor/llama.cpp" "$root"

# This CPU's vector extensions, named one by one rather than -march=native: that would also turn on AMX, whose
# tile registers only work where the kernel grants them to the process (in containers it often does not: SIGILL).
flags="$(grep -m1 '^flags' /proc/cpuinfo)"
has() { [[ " $flags " == *" $1 "* ]] && echo ON || echo OFF; }
echo "install-llamacpp: building llama-bench and llama-batched-bench (several minutes on two cores) ..." >&2
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF \
  -DGGML_NATIVE=OFF -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF \
  -DGGML_SSE42="$(has sse4_2)" -DGGML_AVX="$(has avx)" -DGGML_F16C="$(has f16c)" -DGGML_FMA="$(has fma)" \
  -DGGML_BMI2="$(has bmi2)" -DGGML_AVX2="$(has avx2)" -DGGML_AVX_VNNI="$(has avx_vnni)" \
  -DGGML_AVX512="$(has avx512f)" -DGGML_AVX512_VBMI="$(has avx512vbmi)" \
  -DGGML_AVX512_VNNI="$(has avx512_vnni)" -DGGML_AVX512_BF16="$(has avx512_bf16)" >&2
cmake --build "$root/build" -j "$(nproc)" --target llama-bench llama-batched-bench >&2
echo "$bin"
