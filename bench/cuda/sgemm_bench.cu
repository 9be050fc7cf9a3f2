// Usage (repository root, on a machine with a GPU and cuBLAS): nvcc -O3 -std=c++17 -arch=sm_90 bench/cuda/sgemm_bench.cu -ldl -o /tmp/sgemm_bench && /tmp/sgemm_bench [kernel-name-substring...]
// Times Tussle's SGEMM entry points (engine/src/main/cuda/tussle_kernels.cu) against cuBLAS FP32
// (cublasSgemm_v2, default math mode: no TF32; loaded with dlopen, so building needs no cuBLAS
// headers), launched with the argument lists CudaBackend.launchGemm uses. Prints per shape and
// kernel the median time of repetitions (CUDA events), GFLOPS, the ratio to cuBLAS, the max |diff|
// to cuBLAS and how many elements differ from cuBLAS's in any bit. Options: SHAPES="m,n,k,ta,tb;..."
// replaces the shape list; -DOLD_KERNELS='"old.cu"' adds another version of the kernels (its
// extern "C" stripped: sed 's/extern "C" //') as old_*; -DVARIANTS='V(128,128,16,32,64,8,8,2), ...'
// adds instantiations of gemm_tile<BM, BN, BK, WM, WN, TM, TN> with __launch_bounds__(256, MINB).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <string>
#include <algorithm>
#include <dlfcn.h>
#include <cuda_runtime.h>

#ifndef KERNELS
#define KERNELS "../../engine/src/main/cuda/tussle_kernels.cu"
#endif
#include KERNELS
#ifdef OLD_KERNELS   // another version, its extern "C" stripped (sed 's/extern "C" //'), for before/after
namespace old {
#include OLD_KERNELS
}
#endif

#define CK(x) do { cudaError_t e = (x); if (e != cudaSuccess) { fprintf(stderr, "%s:%d %s\n", __FILE__, __LINE__, cudaGetErrorString(e)); exit(1); } } while (0)

typedef void (*GemmFn)(int, int, int, int, int, const float*, long long, const float*, long long, float*, long long,
                       const float*, long long, int, float, int, int, int);

template <int BM, int BN, int BK, int WM, int WN, int TM, int TN, int MINB>
__global__ void __launch_bounds__(256, MINB)
variant(int transA, int transB, int M, int N, int K, const float* A, long long strideA, const float* B,
        long long strideB, float* C, long long strideC, const float* bias, long long strideBias, int act,
        float alpha, int accumulate, int vecA, int vecB) {
    gemm_tile<BM, BN, BK, WM, WN, TM, TN>(transA, transB, M, N, K, A, strideA, B, strideB, C, strideC,
                                                bias, strideBias, act, alpha, accumulate, vecA, vecB);
}

struct Variant { const char* name; int tm, tn; GemmFn fn; };
#define V(BM, BN, BK, WM, WN, TM, TN, MINB) \
    {#BM "x" #BN "x" #BK "_w" #WM "x" #WN "_t" #TM "x" #TN "_b" #MINB, BM, BN, variant<BM, BN, BK, WM, WN, TM, TN, MINB>}
static std::vector<Variant> variants = {
#ifdef OLD_KERNELS
    {"old_128x128", 128, 128, old::sgemm_128x128},
    {"old_64x64", 64, 64, old::sgemm_64x64},
#endif
    {"sgemm_128x128", 128, 128, sgemm_128x128},
    {"sgemm_128x64", 128, 64, sgemm_128x64},
    {"sgemm_64x64", 64, 64, sgemm_64x64},
#ifdef VARIANTS
    VARIANTS
#endif
};

// cuBLAS through dlopen.
typedef int (*CreateFn)(void**);
typedef int (*SgemmFn)(void*, int, int, int, int, int, const float*, const float*, int, const float*, int,
                       const float*, float*, int);
static void* cublas;
static SgemmFn sgemm;

__global__ void fill(float* p, size_t n, unsigned seed) {
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x) {
        unsigned h = (unsigned)i * 2654435761u ^ seed;
        h ^= h >> 15; h *= 2246822519u; h ^= h >> 13; h *= 3266489917u; h ^= h >> 16;
        p[i] = (h & 0xffffff) / 8388608.f - 1.f;
    }
}
__global__ void compare(const float* a, const float* b, size_t n, unsigned* maxBits, unsigned long long* diffs) {
    float m = 0; unsigned long long d = 0;
    for (size_t i = blockIdx.x * (size_t)blockDim.x + threadIdx.x; i < n; i += (size_t)gridDim.x * blockDim.x) {
        m = fmaxf(m, fabsf(a[i] - b[i]));
        d += __float_as_uint(a[i]) != __float_as_uint(b[i]);
    }
    atomicMax(maxBits, __float_as_uint(m));
    atomicAdd(diffs, d);
}

template <class F> static float timeMs(F f, int reps) {
    cudaEvent_t ev0, ev1; CK(cudaEventCreate(&ev0)); CK(cudaEventCreate(&ev1));
    for (int i = 0; i < 2; i++) f();
    std::vector<float> t;
    for (int i = 0; i < reps; i++) {
        CK(cudaEventRecord(ev0)); f(); CK(cudaEventRecord(ev1)); CK(cudaEventSynchronize(ev1));
        float ms; CK(cudaEventElapsedTime(&ms, ev0, ev1)); t.push_back(ms);
    }
    CK(cudaGetLastError());
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

int main(int argc, char** argv) {
    cublas = dlopen("libcublas.so.13", RTLD_NOW);
    if (!cublas) cublas = dlopen("libcublas.so", RTLD_NOW);
    if (!cublas) { fprintf(stderr, "no cuBLAS: %s\n", dlerror()); return 1; }
    CreateFn create = (CreateFn)dlsym(cublas, "cublasCreate_v2");
    sgemm = (SgemmFn)dlsym(cublas, "cublasSgemm_v2");
    void* h; if (create(&h) != 0) { fprintf(stderr, "cublasCreate failed\n"); return 1; }
    cudaDeviceProp prop; CK(cudaGetDeviceProperties(&prop, 0));
    printf("# %s, %d SMs\n", prop.name, prop.multiProcessorCount);
    std::vector<std::string> want(argv + 1, argv + argc);
    struct Shape { int m, n, k, ta, tb, reps; };
    std::vector<Shape> shapes = {
        {1024, 1024, 1024, 0, 0, 30}, {2048, 2048, 2048, 0, 0, 20}, {4096, 4096, 4096, 0, 0, 15},
        {8192, 8192, 8192, 0, 0, 7},
        {4096, 4096, 4096, 1, 0, 10}, {4096, 4096, 4096, 0, 1, 10},
        {65536, 50, 100, 0, 0, 30}, {500, 100, 50, 0, 0, 30}, {65536, 100, 50, 0, 1, 30},
        {100, 50, 65536, 1, 0, 20}, {65536, 2, 100, 0, 0, 30},
    };
    if (getenv("SHAPES")) {   // e.g. SHAPES="1024,1024,1024,0,0;..."
        shapes.clear();
        for (char* p = strtok(getenv("SHAPES"), ";"); p; p = strtok(nullptr, ";")) {
            Shape s{}; s.reps = 15; sscanf(p, "%d,%d,%d,%d,%d", &s.m, &s.n, &s.k, &s.ta, &s.tb); shapes.push_back(s);
        }
    }
    printf("%-6s %-6s %-6s %-3s %-32s %9s %9s %7s %10s %10s\n", "M", "N", "K", "op", "kernel", "ms", "GFLOPS",
           "vsBLAS", "maxdiff", "bitdiffs");
    for (auto& s : shapes) {
        size_t na = (size_t)s.m * s.k, nb = (size_t)s.k * s.n, nc = (size_t)s.m * s.n;
        float *A, *B, *C, *R; unsigned* mx; unsigned long long* dd;
        CK(cudaMalloc(&A, na * 4)); CK(cudaMalloc(&B, nb * 4)); CK(cudaMalloc(&C, nc * 4)); CK(cudaMalloc(&R, nc * 4));
        CK(cudaMalloc(&mx, 4)); CK(cudaMalloc(&dd, 8));
        fill<<<1024, 256>>>(A, na, 1); fill<<<1024, 256>>>(B, nb, 2);
        double flop = 2.0 * s.m * s.n * s.k;
        const char* op = s.ta ? (s.tb ? "TT" : "TN") : (s.tb ? "NT" : "NN");
        // Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T.
        float one = 1, zero = 0;
        auto blas = [&] {
            sgemm(h, s.tb, s.ta, s.n, s.m, s.k, &one, B, s.tb ? s.k : s.n, A, s.ta ? s.m : s.k, &zero, R, s.n);
        };
        float bms = timeMs(blas, s.reps);
        double blasG = flop / bms / 1e6;
        printf("%-6d %-6d %-6d %-3s %-32s %9.3f %9.0f %7s %10s %10s\n", s.m, s.n, s.k, op, "cublas", bms, blasG, "", "", "");
        for (auto& v : variants) {
            bool ok = want.empty();
            for (auto& w : want) ok |= strstr(v.name, w.c_str()) != nullptr;
            if (!ok) continue;
            int lda = s.ta ? s.m : s.k, ldb = s.tb ? s.k : s.n;
            int vecA = lda % 4 == 0, vecB = ldb % 4 == 0;
            dim3 grid((s.n + v.tn - 1) / v.tn, (s.m + v.tm - 1) / v.tm, 1);
            auto run = [&] {
                v.fn<<<grid, 256>>>(s.ta, s.tb, s.m, s.n, s.k, A, 0, B, 0, C, 0, nullptr, 0, 0, 0.f, 0, vecA, vecB);
            };
            CK(cudaMemset(C, 0xff, nc * 4));
            run();
            CK(cudaDeviceSynchronize());
            CK(cudaMemset(mx, 0, 4)); CK(cudaMemset(dd, 0, 8));
            compare<<<1024, 256>>>(C, R, nc, mx, dd);
            unsigned mxh; unsigned long long ddh;
            CK(cudaMemcpy(&mxh, mx, 4, cudaMemcpyDeviceToHost)); CK(cudaMemcpy(&ddh, dd, 8, cudaMemcpyDeviceToHost));
            float mxf; memcpy(&mxf, &mxh, 4);
            float ms = timeMs(run, s.reps);
            double g = flop / ms / 1e6;
            printf("%-6d %-6d %-6d %-3s %-32s %9.3f %9.0f %6.1f%% %10.3g %10llu\n", s.m, s.n, s.k, op, v.name, ms, g,
                   100 * g / blasG, mxf, ddh);
        }
        fflush(stdout);
        CK(cudaFree(A)); CK(cudaFree(B)); CK(cudaFree(C)); CK(cudaFree(R)); CK(cudaFree(mx)); CK(cudaFree(dd));
    }
    return 0;
}
