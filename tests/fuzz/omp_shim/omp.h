// The OpenMP calls smrt makes, for clang in `make fuzz` only (scripts/fuzz).
// Clang cannot read GCC's omp.h, and its own runtime (libomp) is not a
// dependency of smrt; with -fopenmp=libgomp clang ignores the pragmas (the
// fuzzed code runs serially) and these calls link to GCC's libgomp, which
// LibTorch and OpenBLAS load anyway.
#pragma once
#ifdef __cplusplus
extern "C" {
#endif
int omp_get_max_threads(void);
int omp_get_num_threads(void);
int omp_get_thread_num(void);
int omp_in_parallel(void);
void omp_set_num_threads(int);
#ifdef __cplusplus
}
#endif
