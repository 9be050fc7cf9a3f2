/* A stand-in for libcublas.so.13 (CublasBindingTest): the five entry points Cublas.java binds,
   with cuBLAS's column-major semantics computed on host memory by the reference loops of the BLAS
   specification. It lets the foreign-function binding (signatures, argument order, the row-major
   to column-major mapping, leading dimensions, strides) be checked without a GPU.
   Build: gcc -shared -fPIC -O2 -o libcublas_stub.so stub_libcublas.c */
#include <stdint.h>

typedef void *cublasHandle_t;
static int handle_storage;
static void *last_stream;

int cublasCreate_v2(cublasHandle_t *handle) { *handle = &handle_storage; return 0; }
int cublasDestroy_v2(cublasHandle_t handle) { return handle == &handle_storage ? 0 : 7; }
int cublasSetStream_v2(cublasHandle_t handle, void *stream) { last_stream = stream; return handle == &handle_storage ? 0 : 7; }

static float op(const float *X, int ld, int trans, int row, int col) {
    return trans ? X[col + (int64_t) row * ld] : X[row + (int64_t) col * ld];
}

int cublasSgemm_v2(cublasHandle_t handle, int transa, int transb, int m, int n, int k, const float *alpha,
                   const float *A, int lda, const float *B, int ldb, const float *beta, float *C, int ldc) {
    if (handle != &handle_storage) return 7;
    if (lda < (transa ? k : m) || ldb < (transb ? n : k) || ldc < m) return 7; /* CUBLAS_STATUS_INVALID_VALUE */
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int l = 0; l < k; l++) s += (double) op(A, lda, transa, i, l) * op(B, ldb, transb, l, j);
            float *c = &C[i + (int64_t) j * ldc];
            *c = (float) (*alpha * s + (*beta == 0 ? 0 : *beta * *c));
        }
    }
    return 0;
}

int cublasSgemmStridedBatched(cublasHandle_t handle, int transa, int transb, int m, int n, int k,
                              const float *alpha, const float *A, int lda, long long strideA,
                              const float *B, int ldb, long long strideB, const float *beta,
                              float *C, int ldc, long long strideC, int batchCount) {
    for (int b = 0; b < batchCount; b++) {
        int r = cublasSgemm_v2(handle, transa, transb, m, n, k, alpha, A + b * strideA, lda, B + b * strideB, ldb,
                               beta, C + b * strideC, ldc);
        if (r) return r;
    }
    return 0;
}
