# Sourced by the launcher. On AMD CPUs, builds (once) and preloads the library that lets libtorch's MKL take the
# kernels it reserves for Intel CPUs (AVX-512 where the CPU has it, its faster AVX2 ones otherwise); the engine checks
# GEMM results against float64 before using it. SELFMOE_MKL_PATH=stock turns this off.
selfmoe_mkl_preload() {
  local root="$1"
  [ "${SELFMOE_MKL_PATH:-auto}" = "stock" ] && return 0
  grep -q AuthenticAMD /proc/cpuinfo 2>/dev/null || return 0
  command -v cc >/dev/null || return 0
  local src="$root/engine/src/main/c/selfmoe_mkl_cpu.c"
  local dir="${SELFMOE_CACHE:-$HOME/.cache/selfmoe}/native/$(sha256sum "$src" | cut -c1-16)"
  local lib="$dir/libselfmoe_mkl_cpu.so"
  if [ ! -f "$lib" ]; then
    mkdir -p "$dir" && cc -O2 -shared -fPIC -o "$lib.tmp" "$src" && mv "$lib.tmp" "$lib" || return 0
  fi
  export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}"
}
selfmoe_mkl_preload "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
