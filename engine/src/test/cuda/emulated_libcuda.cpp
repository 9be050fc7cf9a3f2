// An emulated CUDA driver (libcuda.so.1) for tests on machines without a GPU: one device of
// compute capability 9.0 whose "device memory" is host memory and whose kernels are Tussle's
// own (tussle_kernels.cu), run on the CPU through cuda_emulation.h. With it, JCuda, CudaDevice,
// the pool, KernelModule's parameter packing, CudaBackend's launch geometry and CudaGpuTest run
// end to end (CudaEmulatedDeviceTest). It proves the host side and the kernels' arithmetic; it
// proves nothing about a real GPU: no PTX is JIT-compiled, nothing runs concurrently, no timing.
// Only the driver entry points the engine calls exist (JCuda binds them lazily).
// Build: g++ -std=c++20 -O1 -shared -fPIC -pthread -DTUSSLE_KERNELS='"path/to/tussle_kernels.cu"'
//        -I. -o libcuda.so.1 emulated_libcuda.cpp
#include "cuda_emulation.h"
#include TUSSLE_KERNELS
#include <cstdlib>
#include <cstdio>
#include <string>

typedef int CUresult;
typedef unsigned long long CUdeviceptr;
typedef void* CUhandle;
enum { OK = 0, INVALID_VALUE = 1, NOT_INITIALIZED = 3, INVALID_DEVICE = 101, INVALID_IMAGE = 200,
       NOT_FOUND = 500, LAUNCH_FAILED = 719 };

static bool initialized;
static int context_storage, stream_storage, module_storage;
struct Function { std::string name; };

#define P(i, T) (*static_cast<T*>(params[i]))

extern "C" {
CUresult cuInit(unsigned) { initialized = true; return OK; }
CUresult cuDeviceGetCount(int* n) { *n = initialized ? 1 : 0; return initialized ? OK : NOT_INITIALIZED; }
CUresult cuDeviceGet(int* d, int ordinal) { *d = ordinal; return ordinal == 0 ? OK : INVALID_DEVICE; }
CUresult cuDeviceGetName(char* name, int len, int) { snprintf(name, len, "Tussle emulated device (CPU)"); return OK; }
CUresult cuDeviceGetAttribute(int* v, int attr, int) { *v = attr == 75 ? 9 : 0; return OK; }  // 75/76: CC major/minor
CUresult cuDeviceTotalMem_v2(size_t* bytes, int) { *bytes = 1ull << 32; return OK; }
CUresult cuDevicePrimaryCtxRetain(CUhandle* ctx, int) { *ctx = &context_storage; return OK; }
CUresult cuDevicePrimaryCtxRelease_v2(int) { return OK; }
CUresult cuCtxSetCurrent(CUhandle ctx) { return ctx == &context_storage ? OK : INVALID_VALUE; }
CUresult cuStreamCreate(CUhandle* s, unsigned) { *s = &stream_storage; return OK; }
CUresult cuStreamSynchronize(CUhandle) { return OK; }
CUresult cuStreamDestroy_v2(CUhandle) { return OK; }
CUresult cuModuleLoadData(CUhandle* m, const void* image) {
    std::string ptx(static_cast<const char*>(image));
    if (ptx.find(".version 9.0") == std::string::npos || ptx.find(".visible .entry sgemm_128x128(") == std::string::npos)
        return INVALID_IMAGE;
    *m = &module_storage;
    return OK;
}
CUresult cuModuleUnload(CUhandle) { return OK; }
CUresult cuModuleGetFunction(CUhandle* f, CUhandle, const char* name) {
    static const char* known[] = {"sgemm_128x128", "sgemm_128x64", "sgemm_64x64", "activation_backward", "map_f32", "zip_f32",
        "select_f32", "reduce_f32", "reduce_f64_final", "column_sum_partial", "column_sum_final", "gan_head_terms", "gan_head_grad", "adam_f32", "sgd_f32", "rmsprop_f32"};
    for (const char* k : known) {
        if (std::string(k) == name) { *f = new Function{name}; return OK; }
    }
    return NOT_FOUND;
}
CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) {
    void* m = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (!m) return 2;  // CUDA_ERROR_OUT_OF_MEMORY
    memset(m, 0xff, (bytes + 255) / 256 * 256);  // NaN garbage, so reads of unwritten memory show
    *p = reinterpret_cast<CUdeviceptr>(m);
    return OK;
}
CUresult cuMemFree_v2(CUdeviceptr p) { std::free(reinterpret_cast<void*>(p)); return OK; }
CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t n) { memcpy(reinterpret_cast<void*>(dst), src, n); return OK; }
CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t n) { memcpy(dst, reinterpret_cast<void*>(src), n); return OK; }
CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void* src, size_t n, CUhandle) { memcpy(reinterpret_cast<void*>(dst), src, n); return OK; }
CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t n, CUhandle) { memmove(reinterpret_cast<void*>(dst), reinterpret_cast<void*>(src), n); return OK; }
CUresult cuMemsetD32Async(CUdeviceptr dst, unsigned v, size_t n, CUhandle) {
    unsigned* d = reinterpret_cast<unsigned*>(dst);
    for (size_t i = 0; i < n; i++) d[i] = v;
    return OK;
}
CUresult cuGetErrorName(CUresult, const char** s) { *s = "CUDA_ERROR_EMULATED"; return OK; }
CUresult cuGetErrorString(CUresult, const char** s) { *s = "emulated driver error"; return OK; }

CUresult cuLaunchKernel(CUhandle fh, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                        unsigned shmem, CUhandle, void** params, void** extra) {
    if (bx != 256 || by != 1 || bz != 1 || shmem != 0 || extra != nullptr || gx == 0 || gy == 0 || gz == 0
        || gy > 65535 || gz > 65535) {
        fprintf(stderr, "emulated libcuda: bad launch geometry %u %u %u / %u %u %u\n", gx, gy, gz, bx, by, bz);
        return LAUNCH_FAILED;
    }
    const std::string& n = static_cast<Function*>(fh)->name;
    // The elementwise kernels are grid-stride loops, correct for any grid: run them on a few
    // blocks to keep the emulation fast (the reductions write one partial per block, so not those).
    if (n == "activation_backward" || n == "map_f32" || n == "zip_f32" || n == "select_f32"
        || n == "adam_f32" || n == "sgd_f32" || n == "rmsprop_f32" || n == "gan_head_terms" || n == "gan_head_grad") {
        gx = std::min(gx, 3u);
    }
    if (n == "sgemm_128x128" || n == "sgemm_128x64" || n == "sgemm_64x64") {
        int ta = P(0, int), tb = P(1, int), M = P(2, int), N = P(3, int), K = P(4, int);
        const float* A = P(5, const float*); long long sA = P(6, long long);
        const float* B = P(7, const float*); long long sB = P(8, long long);
        float* C = P(9, float*); long long sC = P(10, long long);
        const float* bias = P(11, const float*); long long sBias = P(12, long long);
        int act = P(13, int); float alpha = P(14, float);
        int acc = P(15, int), vA = P(16, int), vB = P(17, int);
        int tileM = n == "sgemm_64x64" ? 64 : 128, tileN = n == "sgemm_128x128" ? 128 : 64;
        if (gx != (unsigned) (N + tileN - 1) / tileN || gy != (unsigned) (M + tileM - 1) / tileM) {
            fprintf(stderr, "emulated libcuda: %s grid %u x %u does not cover %d x %d\n", n.c_str(), gx, gy, M, N);
            return LAUNCH_FAILED;
        }
        if ((vA && reinterpret_cast<uintptr_t>(A) % 16) || (vB && reinterpret_cast<uintptr_t>(B) % 16)) {
            fprintf(stderr, "emulated libcuda: float4 loads asked for a misaligned operand\n");
            return LAUNCH_FAILED;  // a GPU would fault
        }
        launch(gx, gy, gz, bx, [&] {
            if (n == "sgemm_128x128") sgemm_128x128(ta, tb, M, N, K, A, sA, B, sB, C, sC, bias, sBias, act, alpha, acc, vA, vB);
            else if (n == "sgemm_128x64") sgemm_128x64(ta, tb, M, N, K, A, sA, B, sB, C, sC, bias, sBias, act, alpha, acc, vA, vB);
            else sgemm_64x64(ta, tb, M, N, K, A, sA, B, sB, C, sC, bias, sBias, act, alpha, acc, vA, vB);
        });
    } else if (n == "activation_backward") {
        int act = P(0, int); float alpha = P(1, float);
        const float* y = P(2, const float*); const float* g = P(3, const float*); float* o = P(4, float*);
        long long cnt = P(5, long long);
        launch(gx, gy, gz, bx, [&] { activation_backward(act, alpha, y, g, o, cnt); });
    } else if (n == "map_f32") {
        int op = P(0, int); float a = P(1, float); const float* x = P(2, const float*); float* o = P(3, float*);
        long long cnt = P(4, long long);
        launch(gx, gy, gz, bx, [&] { map_f32(op, a, x, o, cnt); });
    } else if (n == "zip_f32") {
        int op = P(0, int); const float* a = P(1, const float*); int as = P(2, int);
        const float* b = P(3, const float*); int bs = P(4, int); float* o = P(5, float*); long long cnt = P(6, long long);
        launch(gx, gy, gz, bx, [&] { zip_f32(op, a, as, b, bs, o, cnt); });
    } else if (n == "select_f32") {
        const float* m = P(0, const float*); int ms = P(1, int); const float* a = P(2, const float*); int as = P(3, int);
        const float* b = P(4, const float*); int bs = P(5, int); float* o = P(6, float*); long long cnt = P(7, long long);
        launch(gx, gy, gz, bx, [&] { select_f32(m, ms, a, as, b, bs, o, cnt); });
    } else if (n == "reduce_f32") {
        int op = P(0, int); const float* x = P(1, const float*); long long cnt = P(2, long long); double* part = P(3, double*);
        launch(gx, gy, gz, bx, [&] { reduce_f32(op, x, cnt, part); });
    } else if (n == "reduce_f64_final") {
        int op = P(0, int); const double* part = P(1, const double*); int cnt = P(2, int); double* o = P(3, double*);
        launch(gx, gy, gz, bx, [&] { reduce_f64_final(op, part, cnt, o); });
    } else if (n == "column_sum_partial") {
        int M = P(0, int), N = P(1, int); const float* x = P(2, const float*); int rpc = P(3, int); float* part = P(4, float*);
        launch(gx, gy, gz, bx, [&] { column_sum_partial(M, N, x, rpc, part); });
    } else if (n == "column_sum_final") {
        int chunks = P(0, int), N = P(1, int); const float* part = P(2, const float*); float* o = P(3, float*);
        int acc = P(4, int);
        launch(gx, gy, gz, bx, [&] { column_sum_final(chunks, N, part, o, acc); });
    } else if (n == "gan_head_terms") {
        int f = P(0, int), term = P(1, int); const float* x = P(2, const float*); long long cnt = P(3, long long);
        float* v = P(4, float*); float* pr = P(5, float*);
        launch(gx, gy, gz, bx, [&] { gan_head_terms(f, term, x, cnt, v, pr); });
    } else if (n == "gan_head_grad") {
        int f = P(0, int), term = P(1, int); const float* x = P(2, const float*); long long cnt = P(3, long long);
        long long bl = P(4, long long); const float* sc = P(5, const float*); float* g = P(6, float*);
        launch(gx, gy, gz, bx, [&] { gan_head_grad(f, term, x, cnt, bl, sc, g); });
    } else if (n == "adam_f32") {
        long long cnt = P(0, long long); float* p = P(1, float*); const float* g = P(2, const float*);
        float* m = P(3, float*); float* v = P(4, float*); float* vmax = P(5, float*);
        double lr = P(6, double), b1 = P(7, double), b2 = P(8, double), eps = P(9, double), bc1 = P(10, double),
               sb2 = P(11, double), l2 = P(12, double), shrink = P(13, double), gs = P(14, double);
        launch(gx, gy, gz, bx, [&] { adam_f32(cnt, p, g, m, v, vmax, lr, b1, b2, eps, bc1, sb2, l2, shrink, gs); });
    } else if (n == "rmsprop_f32") {
        long long cnt = P(0, long long); float* p = P(1, float*); const float* g = P(2, const float*);
        float* sq = P(3, float*); float* buf = P(4, float*); float* avg = P(5, float*);
        double lr = P(6, double), al = P(7, double), eps = P(8, double), mom = P(9, double), wd = P(10, double),
               gs = P(11, double);
        launch(gx, gy, gz, bx, [&] { rmsprop_f32(cnt, p, g, sq, buf, avg, lr, al, eps, mom, wd, gs); });
    } else if (n == "sgd_f32") {
        long long cnt = P(0, long long); float* p = P(1, float*); const float* g = P(2, const float*);
        float* buf = P(3, float*); double lr = P(4, double), mom = P(5, double); int nest = P(6, int);
        double wd = P(7, double), gs = P(8, double);
        launch(gx, gy, gz, bx, [&] { sgd_f32(cnt, p, g, buf, lr, mom, nest, wd, gs); });
    } else {
        return NOT_FOUND;
    }
    return OK;
}
}
