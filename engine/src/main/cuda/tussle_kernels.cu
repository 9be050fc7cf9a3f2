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
// gemm_tile<BM, BN, BK, WM, WN, TM, TN>: a block of 256 threads (8 warps) computes a BM×BN tile
// of C; the warps split it into (BM/WM)×(BN/WN) warp tiles, and the 32 threads of a warp split
// their WM×WN warp tile into (WM/TM)×(WN/TN) threads with TM×TN accumulators each in registers.
// Per k, a thread multiplies TM values of A by TN values of B read from shared memory as float4s
// (see row_of / col_of for which rows and columns a thread owns). Tiles of A and B (BK deep) are
// staged in shared memory k-major (As[k][m], Bs[k][n]) whatever the storage order, so the inner
// loop is the same for all four transpose cases. Shared memory is double-buffered: while the block
// multiplies tile t, each thread already holds its share of tile t+1 in registers (loaded from
// global memory before the multiplications, so the load latency hides behind them) and stores it
// into the other buffer afterwards: one __syncthreads per tile. Global loads are float4 along the
// contiguous dimension when the host says the operand allows it (vecA / vecB: leading dimension a
// multiple of 4 and the base 16-byte aligned), scalar with zero padding at the edges otherwise.
// Every element of C is one fmaf chain over k = 0, 1, ..., K-1 in order (zero padding adds exact
// zeros), so the result does not depend on the tile sizes.

// A ROWS×COLS tile of a row-major matrix (rows row0.., columns col0..), in float4 pieces along the
// columns, spread over the NT threads: piece p = tid + l·NT is row p / (COLS/4), columns
// 4·(p % (COLS/4)) ... +3. fetch reads a thread's pieces into registers, store writes them into
// shared memory, as is (smem[r][c]) or transposed (smem[c][r]). A ROWS×COLS and a COLS×ROWS tile
// take the same registers (LOADS float4s per thread).
template <int ROWS, int COLS, int NT>
struct TileLoader {
    static constexpr int C4 = COLS / 4;
    static constexpr int PIECES = ROWS * C4;
    static constexpr int LOADS = (PIECES + NT - 1) / NT;

    static __device__ __forceinline__ void fetch(float4 (&v)[LOADS], const float* __restrict__ src, int ld, int row0, int col0,
                                          int rowLimit, int colLimit, bool vec, int tid) {
#pragma unroll
        for (int l = 0; l < LOADS; l++) {
            int p = tid + l * NT;
            if (PIECES % NT != 0 && p >= PIECES) break;
            int gr = row0 + p / C4;
            int gc = col0 + (p % C4) * 4;
            if (vec && gr < rowLimit && gc + 3 < colLimit) {
                v[l] = *reinterpret_cast<const float4*>(src + (size_t)gr * ld + gc);
            } else {
                const float* s = src + (size_t)gr * ld + gc;
                bool rowOk = gr < rowLimit;
                v[l].x = rowOk && gc < colLimit ? s[0] : 0.f;
                v[l].y = rowOk && gc + 1 < colLimit ? s[1] : 0.f;
                v[l].z = rowOk && gc + 2 < colLimit ? s[2] : 0.f;
                v[l].w = rowOk && gc + 3 < colLimit ? s[3] : 0.f;
            }
        }
    }

    static __device__ __forceinline__ void store(const float4 (&v)[LOADS], float* smem, int smemLd,
                                                 bool transposeStore, int tid) {
#pragma unroll
        for (int l = 0; l < LOADS; l++) {
            int p = tid + l * NT;
            if (PIECES % NT != 0 && p >= PIECES) break;
            int r = p / C4;
            int c = (p % C4) * 4;
            if (transposeStore) {
                smem[(c + 0) * smemLd + r] = v[l].x;
                smem[(c + 1) * smemLd + r] = v[l].y;
                smem[(c + 2) * smemLd + r] = v[l].z;
                smem[(c + 3) * smemLd + r] = v[l].w;
            } else {
                *reinterpret_cast<float4*>(&smem[r * smemLd + c]) = v[l];
            }
        }
    }
};

// The tile row of a thread's i-th accumulator row and the tile column of its j-th accumulator
// column. A thread's TM rows (TN columns) come in groups of 4, one float4 of shared memory each;
// group g of the thread at (wy, wx) in its warp sits at g·(WM/(TM/4)) + 4·wy (g·(WN/(TN/4)) + 4·wx)
// in the warp tile: the threads of a warp read consecutive float4s of a shared-memory row, so a
// float4 load of the warp covers few contiguous bytes and hits no bank twice.
template <int WM, int TM>
__device__ __forceinline__ int row_of(int warpM, int wy, int i) {
    return warpM * WM + (i / 4) * (WM / (TM / 4)) + wy * 4 + (i % 4);
}
template <int WN, int TN>
__device__ __forceinline__ int col_of(int warpN, int wx, int j) {
    return warpN * WN + (j / 4) * (WN / (TN / 4)) + wx * 4 + (j % 4);
}

template <int BM, int BN, int BK, int WM, int WN, int TM, int TN>
__device__ __forceinline__ void gemm_tile(int transA, int transB, int M, int N, int K,
                                          const float* __restrict__ A, long long strideA,
                                          const float* __restrict__ B, long long strideB,
                                          float* __restrict__ C, long long strideC,
                                          const float* __restrict__ bias, long long strideBias,
                                          int act, float alpha, int accumulate, int vecA, int vecB) {
    constexpr int NT = 256;
    static_assert((BM / WM) * (BN / WN) * 32 == NT, "8 warps per block");
    static_assert((WM / TM) * (WN / TN) == 32, "32 threads per warp");
    static_assert(TM % 4 == 0 && TN % 4 == 0, "float4 fragments");
    // Rows of the k-major tiles, padded by 4 floats (float4 reads stay aligned) so that the
    // transposing stores of a warp spread over more banks.
    constexpr int LDA = BM + 4;
    constexpr int LDB = BN + 4;
    __shared__ __align__(16) float As[2][BK * LDA];
    __shared__ __align__(16) float Bs[2][BK * LDB];

    const int tid = threadIdx.x;
    const int lane = tid % 32;
    const int warp = tid / 32;
    const int warpM = warp / (BN / WN);
    const int warpN = warp % (BN / WN);
    const int wy = lane / (WN / TN);
    const int wx = lane % (WN / TN);
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

    // transA: A stored K×M (rows k, contiguous m); else M×K (rows m, contiguous k), stored transposed.
    // transB: B stored N×K (rows n, contiguous k), stored transposed; else K×N (rows k, contiguous n).
    using LdAt = TileLoader<BK, BM, NT>;
    using LdAn = TileLoader<BM, BK, NT>;
    using LdBt = TileLoader<BN, BK, NT>;
    using LdBn = TileLoader<BK, BN, NT>;
    static_assert(LdAt::LOADS == LdAn::LOADS && LdBt::LOADS == LdBn::LOADS, "same registers");
    float4 va[LdAt::LOADS], vb[LdBn::LOADS];   // the next tile, on its way to shared memory
    auto fetch = [&](int k0) {
        if (transA) LdAt::fetch(va, A, M, k0, m0, K, M, vecA, tid);
        else        LdAn::fetch(va, A, K, m0, k0, M, K, vecA, tid);
        if (transB) LdBt::fetch(vb, B, K, n0, k0, N, K, vecB, tid);
        else        LdBn::fetch(vb, B, N, k0, n0, K, N, vecB, tid);
    };
    auto store = [&](int buf) {
        if (transA) LdAt::store(va, As[buf], LDA, false, tid);
        else        LdAn::store(va, As[buf], LDA, true, tid);
        if (transB) LdBt::store(vb, Bs[buf], LDB, true, tid);
        else        LdBn::store(vb, Bs[buf], LDB, false, tid);
    };

    const int tiles = (K + BK - 1) / BK;
    if (tiles > 0) {
        fetch(0);
        store(0);
        __syncthreads();
    }
    for (int t = 0; t < tiles; t++) {
        const int buf = t & 1;
        const bool more = t + 1 < tiles;
        if (more) fetch((t + 1) * BK);
        const float* as = As[buf];
        const float* bs = Bs[buf];
#pragma unroll
        for (int kk = 0; kk < BK; kk++) {
            float a[TM], b[TN];
#pragma unroll
            for (int i = 0; i < TM; i += 4) {
                float4 q = *reinterpret_cast<const float4*>(&as[kk * LDA + row_of<WM, TM>(warpM, wy, i)]);
                a[i] = q.x; a[i + 1] = q.y; a[i + 2] = q.z; a[i + 3] = q.w;
            }
#pragma unroll
            for (int j = 0; j < TN; j += 4) {
                float4 q = *reinterpret_cast<const float4*>(&bs[kk * LDB + col_of<WN, TN>(warpN, wx, j)]);
                b[j] = q.x; b[j + 1] = q.y; b[j + 2] = q.z; b[j + 3] = q.w;
            }
#pragma unroll
            for (int i = 0; i < TM; i++)
#pragma unroll
                for (int j = 0; j < TN; j++) acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
        }
        // The other buffer was last read in iteration t-1, which every thread has finished.
        if (more) store(buf ^ 1);
        __syncthreads();
    }

    // Epilogue: accumulate, bias, activation, bounds.
#pragma unroll
    for (int i = 0; i < TM; i++) {
        int m = m0 + row_of<WM, TM>(warpM, wy, i);
        if (m >= M) continue;
#pragma unroll
        for (int j = 0; j < TN; j++) {
            int n = n0 + col_of<WN, TN>(warpN, wx, j);
            if (n >= N) continue;
            float v = acc[i][j];
            size_t ci = (size_t)m * N + n;
            if (accumulate) v += C[ci];
            if (bias) v += bias[n];
            C[ci] = act ? activate(act, v, alpha) : v;
        }
    }
}

// The entry points, all 256 threads (8 warps) per block; CudaBackend.gemmKernel picks one per
// product. Measured on an H100 80GB HBM3 (driver 580, CUDA 13) with bench/cuda/sgemm_bench.cu:
// GFLOPS, median of repetitions (CUDA events), row-major NN, cuBLAS FP32 (default math mode) for
// comparison; "before" is the previous single-buffered 128×128×8 kernel (16×128 warp tiles, two
// __syncthreads per 8-deep tile).
//
//   n×n×n   before 128×128  sgemm_128x128  sgemm_128x64  sgemm_64x64   cuBLAS  chosen/cuBLAS
//   1024        10355          17559          26276         23597      30997   85 % (128x64)
//   2048        30139          42333          35386         30205      48918   87 % (128x128)
//   4096        28801          44409          36228         31526      51375   86 % (128x128)
//   8192        28452          44953          36970         32634      51610   87 % (128x128)
//
// TN / NT / TT at 4096²: 88 / 86 / 92 % of cuBLAS. GAN shapes (ms, before 64×64 -> now, cuBLAS):
// 65536×50×100 0.059 -> 0.052 (128x64), 0.040; 65536×100×50 NT 0.078 -> 0.064 (64x64), 0.047;
// 500×100×50 0.013 -> 0.012 (64x64), 0.018; 65536×2×100 0.045 -> 0.038 (128x64), 0.029.
// What mattered: BK = 16 with double buffering (BK = 8: 38 TFLOPS at 4096²; BK = 32 does not
// fit two buffers in 48 KB of static shared memory); __launch_bounds__(256, 2), which holds the
// 128×128 kernel at 128 registers so two blocks share an SM (135 registers, one block: 40
// TFLOPS); 32×64 and 64×32 warp tiles measure the same, 16×128 (the old layout) 10 % less,
// 256×128 tiles with 16×8 per thread 4 % less; 64×128 tiles do worse than 128×64. Results equal
// cuBLAS's bit for bit at 1024..8192 NN and NT and on the large GAN shapes; where cuBLAS picks
// another kernel (TN, 500×100×50, 512², 1536²) it sums in another order and differs by a few
// ulp, exactly as the old kernels did.

// 128×128 tiles, 16 deep, 32×64 warp tiles, 8×8 accumulators per thread: for large products.
extern "C" __global__ void __launch_bounds__(256, 2)
sgemm_128x128(int transA, int transB, int M, int N, int K,
              const float* A, long long strideA, const float* B, long long strideB,
              float* C, long long strideC, const float* bias, long long strideBias, int act,
              float alpha, int accumulate, int vecA, int vecB) {
    gemm_tile<128, 128, 16, 32, 64, 8, 8>(transA, transB, M, N, K, A, strideA, B, strideB, C, strideC,
                                          bias, strideBias, act, alpha, accumulate, vecA, vecB);
}

// 128×64 tiles, 16 deep, 32×32 warp tiles, 8×4 accumulators per thread: for products with too
// few 128×128 tiles to fill the device (1024² has 64 of them on 132 SMs).
extern "C" __global__ void __launch_bounds__(256, 2)
sgemm_128x64(int transA, int transB, int M, int N, int K,
             const float* A, long long strideA, const float* B, long long strideB,
             float* C, long long strideC, const float* bias, long long strideBias, int act,
             float alpha, int accumulate, int vecA, int vecB) {
    gemm_tile<128, 64, 16, 32, 32, 8, 4>(transA, transB, M, N, K, A, strideA, B, strideB, C, strideC,
                                         bias, strideBias, act, alpha, accumulate, vecA, vecB);
}

// 64×64 tiles, 16 deep, 8×64 warp tiles, 4×4 accumulators per thread: for the small and skinny
// products of the GAN models (batch × 2..512), where larger tiles would leave SMs idle.
extern "C" __global__ void __launch_bounds__(256)
sgemm_64x64(int transA, int transB, int M, int N, int K,
            const float* A, long long strideA, const float* B, long long strideB,
            float* C, long long strideC, const float* bias, long long strideBias, int act,
            float alpha, int accumulate, int vecA, int vecB) {
    gemm_tile<64, 64, 16, 8, 64, 4, 4>(transA, transB, M, N, K, A, strideA, B, strideB, C, strideC,
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
// The elementwise part of a GAN objective's head (dev.tussle.gan.objective), on the
// discriminator's raw outputs x. Measuring function f: 0 log on logits (f(D) = logσ(x),
// f(1 − D) = logσ(−x)), 1 identity (x, −x), 2 least squares (−(x − 1)², −x²), 3 hinge
// (min(0, x − 1), min(0, −x − 1)). Term: 0 f(D(x)), 1 f(1 − D(x)), 2 x itself (a critic's score).
// The host combines the per-block means of a term (what the losses are made of) and sends back
// d loss / d mean for each block; gan_head_grad turns that into the gradient of every output.

__device__ __forceinline__ float log_sigmoid(float x) { return fminf(x, 0.f) - log1pf(expf(-fabsf(x))); }

// The term's value at x, and its derivative in *d.
__device__ __forceinline__ float head_term(int f, int term, float x, float* d) {
    if (term == 2) { *d = 1.f; return x; }
    float s = term == 0 ? 1.f : -1.f;      // f(1 − D) is f(D) at −x for log, identity and hinge
    switch (f) {
        case 0: *d = s / (1.f + expf(s * x)); return log_sigmoid(s * x);       // d logσ(u)/du = σ(−u)
        case 1: *d = s; return s * x;
        case 2: {
            float u = term == 0 ? x - 1.f : x;
            *d = -2.f * u; return -u * u;
        }
        default: {
            float u = s * x - 1.f;
            *d = u > 0.f ? 0.f : s; return fminf(u, 0.f);
        }
    }
}

// value[i] = term(x[i]); prob[i] = D as reported (σ(x) for f = log, else x), when prob is not null.
extern "C" __global__ void gan_head_terms(int f, int term, const float* x, long long n, float* value, float* prob) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        float d;
        value[i] = head_term(f, term, x[i], &d);
        if (prob) prob[i] = f == 0 ? 1.f / (1.f + expf(-x[i])) : x[i];
    }
}

// grad[i] = scale[i / blockLen] · d term / dx at x[i].
extern "C" __global__ void gan_head_grad(int f, int term, const float* x, long long n, long long blockLen,
                                         const float* scale, float* grad) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        float d;
        head_term(f, term, x[i], &d);
        grad[i] = scale[i / blockLen] * d;
    }
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

// RMSProp (dev.tussle.engine.optim.RmsProp, PyTorch's): buf (momentum) and avg (centered) may be null.
extern "C" __global__ void rmsprop_f32(long long n, float* p, const float* g, float* sq, float* buf, float* avg,
                                       double lr, double alpha, double eps, double momentum,
                                       double weightDecay, double gradScale) {
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        double pi = p[i];
        double gi = (double)g[i] * gradScale + weightDecay * pi;
        double si = alpha * (double)sq[i] + (1 - alpha) * gi * gi;
        sq[i] = (float)si;
        if (avg) {
            double ai = alpha * (double)avg[i] + (1 - alpha) * gi;
            avg[i] = (float)ai;
            si -= ai * ai;
        }
        double d = gi / (sqrt(si) + eps);
        if (buf) {
            d = momentum * (double)buf[i] + d;
            buf[i] = (float)d;
        }
        p[i] = (float)(pi - lr * d);
    }
}
