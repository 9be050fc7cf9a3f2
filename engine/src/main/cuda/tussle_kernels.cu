// Tussle's own CUDA kernels (float32). Compiled to PTX by build-ptx.sh and shipped as resources
// under dev/tussle/engine/cuda/; loaded at run time with cuModuleLoadData and launched with
// cuLaunchKernel by dev.tussle.engine.cuda.CudaBackend. Every entry point is extern "C" so its
// PTX name is the name written here.
//
// Op codes are the ordinals of the Java enums they mirror:
//   activation: dev.tussle.engine.kernel.Activation (IDENTITY, RELU, LEAKY_RELU, TANH, SIGMOID)
//   unary op:   dev.tussle.engine.kernel.UnaryOp    (NEG .. STEP, 20 ops)
//   binary op:  dev.tussle.engine.kernel.BinaryOp   (ADD .. NE, 13 ops)
//   reduce op:  dev.tussle.engine.kernel.ReduceOp   (SUM, MAX, MIN)
// CudaBackend checks at class initialization that the enums still have these sizes.
//
// Precision: everything is float32 in memory. Transcendentals use CUDA's float functions
// (expf, tanhf, ... all within 2 ulp per the CUDA programming guide; no --use_fast_math),
// sums accumulate in double, and the optimizer updates compute in double like the CPU ones.

#include <cstdint>

// ---------------------------------------------------------------------------------------------
// Activations

// Not inlined: one copy of tanhf/expf instead of one per accumulator of the GEMM epilogue.
__device__ __noinline__ float activate(int act, float x, float alpha) {
    switch (act) {
        case 1: return x > 0.f ? x : 0.f;             // RELU
        case 2: return x > 0.f ? x : alpha * x;       // LEAKY_RELU
        case 3: return tanhf(x);                      // TANH
        case 4: return 1.f / (1.f + expf(-x));        // SIGMOID
        default: return x;                            // IDENTITY
    }
}

// d act / dx written through the output y (Activation.derivativeFromOutput).
__device__ __forceinline__ float activate_grad_from_output(int act, float y, float alpha) {
    switch (act) {
        case 1: return y > 0.f ? 1.f : 0.f;
        case 2: return y > 0.f ? 1.f : alpha;
        case 3: return 1.f - y * y;
        case 4: return y * (1.f - y);
        default: return 1.f;
    }
}

// ---------------------------------------------------------------------------------------------
// SGEMM: C_t (M×N) = op(A_t) · op(B_t) [+ C_t] [+ bias_t] then act, for t = blockIdx.z
// (bias_t = bias + t·strideBias: one bias per copy of a stacked layer, or 0 to share one).
//
// Row-major, dense. op(A) is M×K: A stored M×K (lda = K) or, when transA, A stored K×M (lda = M).
// op(B) is K×N: B stored K×N (ldb = N) or, when transB, B stored N×K (ldb = K). ldc = N.
//
// The block computes a BM×BN tile of C with NT = (BM/TM)·(BN/TN) threads; each thread keeps a
// TM×TN block of accumulators in registers (register blocking) and, per k, multiplies a column of
// TM values of A by a row of TN values of B read from shared memory as float4 (see col_of for
// which columns a thread owns). Tiles of A and B
// (BK deep) are staged in shared memory k-major (As[k][m], Bs[k][n]) whatever the storage order,
// so the inner loop is the same for all four transpose cases. Global loads are float4 along the
// contiguous dimension when the host says the operand allows it (vecA / vecB: leading dimension a
// multiple of 4 and the base 16-byte aligned), scalar with zero padding at the edges otherwise.

template <int ROWS, int COLS, int NT>
__device__ __forceinline__ void load_tile(const float* __restrict__ src, int ld, int row0, int col0,
                                          int rowLimit, int colLimit, float* smem, int smemLd,
                                          bool transposeStore, bool vec, int tid) {
    constexpr int C4 = COLS / 4;
#pragma unroll
    for (int idx = tid; idx < ROWS * C4; idx += NT) {
        int r = idx / C4;
        int c = (idx % C4) * 4;
        int gr = row0 + r;
        int gc = col0 + c;
        float v[4];
        if (vec && gr < rowLimit && gc + 3 < colLimit) {
            float4 q = *reinterpret_cast<const float4*>(src + (size_t)gr * ld + gc);
            v[0] = q.x; v[1] = q.y; v[2] = q.z; v[3] = q.w;
        } else {
#pragma unroll
            for (int j = 0; j < 4; j++) {
                v[j] = (gr < rowLimit && gc + j < colLimit) ? src[(size_t)gr * ld + gc + j] : 0.f;
            }
        }
        if (transposeStore) {
#pragma unroll
            for (int j = 0; j < 4; j++) smem[(c + j) * smemLd + r] = v[j];
        } else {
#pragma unroll
            for (int j = 0; j < 4; j++) smem[r * smemLd + c + j] = v[j];
        }
    }
}

// The tile column of a thread's j-th accumulator column. A thread's TN columns come in groups
// of 4 (one float4 each), and group g of thread tx sits at g·(BN/(TN/4)) + 4·tx: consecutive
// threads read consecutive float4s of a shared-memory row, so an 8-thread phase of a float4
// load covers 128 contiguous bytes and hits no bank twice (with one block of TN = 8 per thread
// the stride would be 32 bytes and every load a 2-way bank conflict).
template <int BN, int TN>
__device__ __forceinline__ int col_of(int tx, int j) {
    return (j / 4) * (BN / (TN / 4)) + tx * 4 + (j % 4);
}

template <int BM, int BN, int BK, int TM, int TN>
__device__ __forceinline__ void gemm_tile(int transA, int transB, int M, int N, int K,
                                          const float* __restrict__ A, long long strideA,
                                          const float* __restrict__ B, long long strideB,
                                          float* __restrict__ C, long long strideC,
                                          const float* __restrict__ bias, long long strideBias,
                                          int act, float alpha, int accumulate, int vecA, int vecB) {
    constexpr int NT = (BM / TM) * (BN / TN);
    __shared__ __align__(16) float As[BK * BM];
    __shared__ __align__(16) float Bs[BK * BN];

    const int tid = threadIdx.x;
    const int tx = tid % (BN / TN);
    const int ty = tid / (BN / TN);
    const int m0 = blockIdx.y * BM;
    const int n0 = blockIdx.x * BN;
    A += blockIdx.z * strideA;
    B += blockIdx.z * strideB;
    C += blockIdx.z * strideC;
    if (bias) bias += blockIdx.z * strideBias;

    float acc[TM][TN];
#pragma unroll
    for (int i = 0; i < TM; i++)
#pragma unroll
        for (int j = 0; j < TN; j++) acc[i][j] = 0.f;

    for (int k0 = 0; k0 < K; k0 += BK) {
        if (transA) {   // A stored K×M: rows k, contiguous m
            load_tile<BK, BM, NT>(A, M, k0, m0, K, M, As, BM, false, vecA, tid);
        } else {        // A stored M×K: rows m, contiguous k
            load_tile<BM, BK, NT>(A, K, m0, k0, M, K, As, BM, true, vecA, tid);
        }
        if (transB) {   // B stored N×K: rows n, contiguous k
            load_tile<BN, BK, NT>(B, K, n0, k0, N, K, Bs, BN, true, vecB, tid);
        } else {        // B stored K×N: rows k, contiguous n
            load_tile<BK, BN, NT>(B, N, k0, n0, K, N, Bs, BN, false, vecB, tid);
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < BK; kk++) {
            float a[TM], b[TN];
#pragma unroll
            for (int i = 0; i < TM; i += 4) {
                float4 q = *reinterpret_cast<const float4*>(&As[kk * BM + ty * TM + i]);
                a[i] = q.x; a[i + 1] = q.y; a[i + 2] = q.z; a[i + 3] = q.w;
            }
#pragma unroll
            for (int j = 0; j < TN; j += 4) {
                float4 q = *reinterpret_cast<const float4*>(&Bs[kk * BN + col_of<BN, TN>(tx, j)]);
                b[j] = q.x; b[j + 1] = q.y; b[j + 2] = q.z; b[j + 3] = q.w;
            }
#pragma unroll
            for (int i = 0; i < TM; i++)
#pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }

    // Epilogue: accumulate, bias, activation, bounds.
#pragma unroll
    for (int i = 0; i < TM; i++) {
        int m = m0 + ty * TM + i;
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < TN; j++) {
            int n = n0 + col_of<BN, TN>(tx, j);
            if (n >= N) continue;
            float v = acc[i][j];
            size_t ci = (size_t)m * N + n;
            if (accumulate) v += C[ci];
            if (bias) v += bias[n];
            C[ci] = activate(act, v, alpha);
        }
    }
}

// 128×128 tiles, 8 deep, 8×8 accumulators per thread, 256 threads: for large products.
extern "C" __global__ void __launch_bounds__(256)
sgemm_128x128(int transA, int transB, int M, int N, int K,
              const float* A, long long strideA, const float* B, long long strideB,
              float* C, long long strideC, const float* bias, long long strideBias, int act,
              float alpha, int accumulate, int vecA, int vecB) {
    gemm_tile<128, 128, 8, 8, 8>(transA, transB, M, N, K, A, strideA, B, strideB, C, strideC,
                                 bias, strideBias, act, alpha, accumulate, vecA, vecB);
}

// 64×64 tiles, 16 deep, 4×4 accumulators per thread, 256 threads: for the small and skinny
// products of the GAN models (batch × 2..512), where 128×128 tiles would leave SMs idle.
extern "C" __global__ void __launch_bounds__(256)
sgemm_64x64(int transA, int transB, int M, int N, int K,
            const float* A, long long strideA, const float* B, long long strideB,
            float* C, long long strideC, const float* bias, long long strideBias, int act,
            float alpha, int accumulate, int vecA, int vecB) {
    gemm_tile<64, 64, 16, 4, 4>(transA, transB, M, N, K, A, strideA, B, strideB, C, strideC,
                                bias, strideBias, act, alpha, accumulate, vecA, vecB);
}

// ---------------------------------------------------------------------------------------------
// Elementwise

extern "C" __global__ void activation_backward(int act, float alpha, const float* y, const float* g,
                                               float* out, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        out[i] = g[i] * activate_grad_from_output(act, y[i], alpha);
    }
}

__device__ __forceinline__ float unary(int op, float x, float a) {
    switch (op) {
        case 0:  return -x;                                            // NEG
        case 1:  return expf(x);                                       // EXP
        case 2:  return logf(x);                                       // LOG
        case 3:  return log1pf(x);                                     // LOG1P
        case 4:  return expm1f(x);                                     // EXPM1
        case 5:  return sqrtf(x);                                      // SQRT
        case 6:  return fabsf(x);                                      // ABS
        case 7:  return x * x;                                         // SQUARE
        case 8:  return 1.f / x;                                       // RECIPROCAL
        case 9:  return sinf(x);                                       // SIN
        case 10: return cosf(x);                                       // COS
        case 11: return tanhf(x);                                      // TANH
        case 12: return 1.f / (1.f + expf(-x));                        // SIGMOID
        case 13: return x > 0.f ? x : 0.f;                             // RELU
        case 14: return x > 0.f ? x : a * x;                           // LEAKY_RELU
        case 15: return fmaxf(x, 0.f) + log1pf(expf(-fabsf(x)));       // SOFTPLUS
        case 16: return fminf(x, 0.f) - log1pf(expf(-fabsf(x)));       // LOG_SIGMOID
        case 17: return x != x ? x : (x > 0.f ? 1.f : (x < 0.f ? -1.f : x)); // SIGN (keeps ±0, NaN)
        case 18: return powf(x, a);                                    // POW_SCALAR
        case 19: return x > 0.f ? 1.f : a;                             // STEP
        default: return __int_as_float(0x7fc00000);
    }
}

// Math.max / Math.min semantics: NaN if either is NaN (fmaxf would drop it).
__device__ __forceinline__ float jmax(float a, float b) { return (a != a || b != b) ? __int_as_float(0x7fc00000) : fmaxf(a, b); }
__device__ __forceinline__ float jmin(float a, float b) { return (a != a || b != b) ? __int_as_float(0x7fc00000) : fminf(a, b); }

__device__ __forceinline__ float binary(int op, float a, float b) {
    switch (op) {
        case 0:  return a + b;
        case 1:  return a - b;
        case 2:  return a * b;
        case 3:  return a / b;
        case 4:  return powf(a, b);
        case 5:  return jmax(a, b);
        case 6:  return jmin(a, b);
        case 7:  return a > b ? 1.f : 0.f;
        case 8:  return a >= b ? 1.f : 0.f;
        case 9:  return a < b ? 1.f : 0.f;
        case 10: return a <= b ? 1.f : 0.f;
        case 11: return a == b ? 1.f : 0.f;
        case 12: return a != b ? 1.f : 0.f;
        default: return __int_as_float(0x7fc00000);
    }
}

// out[i] = op(x[i], alpha)
extern "C" __global__ void map_f32(int op, float alpha, const float* x, float* out, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        out[i] = unary(op, x[i], alpha);
    }
}

// out[i] = op(a[i·as], b[i·bs]), strides 0 (broadcast scalar) or 1
extern "C" __global__ void zip_f32(int op, const float* a, int as, const float* b, int bs,
                                   float* out, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        out[i] = binary(op, a[i * as], b[i * bs]);
    }
}

// out[i] = m[i·ms] != 0 ? a[i·as] : b[i·bs]
extern "C" __global__ void select_f32(const float* m, int ms, const float* a, int as,
                                      const float* b, int bs, float* out, long long n) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        out[i] = m[i * ms] != 0.f ? a[i * as] : b[i * bs];
    }
}

// ---------------------------------------------------------------------------------------------
// Reductions. Two launches with a fixed grid, so the order of additions (and so the result) does
// not depend on timing: reduce_f32 writes one double per block, reduce_f64_final folds them with
// one block. Block size must be 256.

__device__ __forceinline__ double rcombine(int op, double a, double b) {
    if (op == 0) return a + b;
    if (a != a || b != b) return __longlong_as_double(0x7ff8000000000000LL);
    return op == 1 ? fmax(a, b) : fmin(a, b);
}

__device__ __forceinline__ double ridentity(int op) {
    return op == 0 ? 0.0 : (op == 1 ? -__longlong_as_double(0x7ff0000000000000LL)
                                    : __longlong_as_double(0x7ff0000000000000LL));
}

__device__ __forceinline__ double block_reduce(int op, double v) {
    __shared__ double s[256];
    s[threadIdx.x] = v;
    __syncthreads();
    for (int w = 128; w > 0; w >>= 1) {
        if (threadIdx.x < w) s[threadIdx.x] = rcombine(op, s[threadIdx.x], s[threadIdx.x + w]);
        __syncthreads();
    }
    return s[0];
}

extern "C" __global__ void __launch_bounds__(256)
reduce_f32(int op, const float* x, long long n, double* partial) {
    double acc = ridentity(op);
    for (long long i = blockIdx.x * 256LL + threadIdx.x; i < n; i += (long long)gridDim.x * 256) {
        acc = rcombine(op, acc, (double)x[i]);
    }
    double r = block_reduce(op, acc);
    if (threadIdx.x == 0) partial[blockIdx.x] = r;
}

extern "C" __global__ void __launch_bounds__(256)
reduce_f64_final(int op, const double* partial, int n, double* out) {
    double acc = ridentity(op);
    for (int i = threadIdx.x; i < n; i += 256) acc = rcombine(op, acc, partial[i]);
    double r = block_reduce(op, acc);
    if (threadIdx.x == 0) out[0] = r;
}

// Column sums of a row-major M×N matrix (a bias gradient), in two launches: column_sum_partial
// sums rows [y·rowsPerChunk, (y+1)·rowsPerChunk) of each column into partial[y·N + n] (threads
// run along n, so loads coalesce), column_sum_final adds the chunks in order. blockIdx.z picks
// one of a stack of such matrices (the bias gradients of a stacked layer's copies).
extern "C" __global__ void column_sum_partial(int M, int N, const float* x, int rowsPerChunk,
                                              float* partial) {
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= N) return;
    x += (size_t)blockIdx.z * M * N;
    partial += (size_t)blockIdx.z * gridDim.y * N;
    int r0 = blockIdx.y * rowsPerChunk;
    int r1 = min(M, r0 + rowsPerChunk);
    double acc = 0.0;
    for (int r = r0; r < r1; r++) acc += x[(size_t)r * N + n];
    partial[(size_t)blockIdx.y * N + n] = (float)acc;
}

extern "C" __global__ void column_sum_final(int chunks, int N, const float* partial, float* out,
                                            int accumulate) {
    int n = blockIdx.x * blockDim.x + threadIdx.x;
    if (n >= N) return;
    partial += (size_t)blockIdx.z * chunks * N;
    out += (size_t)blockIdx.z * N;
    double acc = accumulate ? out[n] : 0.0;
    for (int c = 0; c < chunks; c++) acc += partial[(size_t)c * N + n];
    out[n] = (float)acc;
}

// ---------------------------------------------------------------------------------------------
// Optimizer updates, element for element the formulas of dev.tussle.engine.optim.Adam and Sgd
// (PyTorch's), computed in double and stored as float.

// vmax may be null (no AMSGrad). bc1 = 1 − β1^t, sqrtBc2 = √(1 − β2^t), l2 = L2 decay added to
// the gradient, shrink = 1 − lr·decoupledDecay.
extern "C" __global__ void adam_f32(long long n, float* p, const float* g, float* m, float* v,
                                    float* vmax, double lr, double beta1, double beta2, double eps,
                                    double bc1, double sqrtBc2, double l2, double shrink,
                                    double gradScale) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        double pi = p[i];
        double gi = (double)g[i] * gradScale + l2 * pi;
        pi *= shrink;
        double mi = beta1 * (double)m[i] + (1 - beta1) * gi;
        double vi = beta2 * (double)v[i] + (1 - beta2) * gi * gi;
        m[i] = (float)mi;
        v[i] = (float)vi;
        if (vmax) {
            vi = fmax((double)vmax[i], vi);
            vmax[i] = (float)vi;
        }
        p[i] = (float)(pi - lr * (mi / bc1) / (sqrt(vi) / sqrtBc2 + eps));
    }
}

// buf may be null (no momentum).
extern "C" __global__ void sgd_f32(long long n, float* p, const float* g, float* buf, double lr,
                                   double momentum, int nesterov, double weightDecay,
                                   double gradScale) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        double pi = p[i];
        double gi = (double)g[i] * gradScale + weightDecay * pi;
        if (buf) {
            double b = momentum * (double)buf[i] + gi;
            buf[i] = (float)b;
            gi = nesterov ? gi + momentum * b : b;
        }
        p[i] = (float)(pi - lr * gi);
    }
}
