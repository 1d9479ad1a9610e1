#ifndef SPECTRAL_REPORT_COPENBLAS_SHIM_H
#define SPECTRAL_REPORT_COPENBLAS_SHIM_H
// Debian's libopenblas-dev puts cblas.h in an alternatives-managed include directory that
// pkg-config names; the OpenBLAS extensions below are declared there too.
#include <cblas.h>

// Not every cblas.h declares these OpenBLAS extensions; declaring them again is harmless.
char *openblas_get_corename(void);
char *openblas_get_config(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int num_threads);

// LAPACK routines that libopenblas also exports (Fortran calling convention, column-major).
void sgeqrf_(const int *m, const int *n, float *a, const int *lda, float *tau,
             float *work, const int *lwork, int *info);
void sorgqr_(const int *m, const int *n, const int *k, float *a, const int *lda,
             const float *tau, float *work, const int *lwork, int *info);
void dgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a,
             const int *lda, double *s, double *u, const int *ldu, double *vt, const int *ldvt,
             double *work, const int *lwork, int *info);
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);
#endif
