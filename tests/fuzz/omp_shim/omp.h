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
// FAISS's headers name the lock type (layout as in GCC 12's omp.h).
typedef struct {
  unsigned char _x[4] __attribute__((__aligned__(4)));
} omp_lock_t;
void omp_init_lock(omp_lock_t*);
void omp_destroy_lock(omp_lock_t*);
void omp_set_lock(omp_lock_t*);
void omp_unset_lock(omp_lock_t*);
#ifdef __cplusplus
}
#endif
