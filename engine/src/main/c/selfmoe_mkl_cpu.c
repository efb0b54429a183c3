/*
 * Preloaded before libtorch so MKL's CPU-vendor check answers "Intel": on AMD CPUs with AVX-512, libtorch's bundled
 * MKL otherwise dispatches to its AVX2 kernels. The engine verifies GEMM results against float64 when this is active.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
