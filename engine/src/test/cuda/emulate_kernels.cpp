// Runs Tussle's CUDA kernels (engine/src/main/cuda/tussle_kernels.cu) on the CPU through
// cuda_emulation.h and compares them with plain loops: the tiled SGEMM in all three tile configurations,
// every transpose / accumulate / bias / activation combination, batched with a broadcast B and a
// bias per batch entry, edge
// sizes; the reductions; the column sums. Prints one line per check and "ALL OK" at the end.
// Build: g++ -std=c++20 -O2 -pthread -x c++ emulate_kernels.cpp -I. -o emulate_kernels
#include "cuda_emulation.h"
#include TUSSLE_KERNELS
#include <cstdio>
#include <random>

static void reference(int ta, int tb, int M, int N, int K, const float* A, const float* B, float* C,
                      const float* bias, int act, float alpha, int acc) {
    for (int m = 0; m < M; m++) {
        for (int n = 0; n < N; n++) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                float a = ta ? A[k * M + m] : A[m * K + k];
                float b = tb ? B[n * K + k] : B[k * N + n];
                s += (double) a * b;
            }
            float v = (float) s;
            if (acc) v += C[m * N + n];
            if (bias) v += bias[n];
            C[m * N + n] = activate(act, v, alpha);
        }
    }
}

int main() {
    std::mt19937 r(1);
    std::uniform_real_distribution<float> U(-1, 1);
    int sizes[][3] = {{1, 1, 1}, {7, 13, 5}, {5, 3, 0}, {127, 129, 65}, {33, 200, 3}, {130, 260, 17}, {200, 132, 36}};
    int bad = 0, cases = 0;
    for (auto& s : sizes) {
        for (int big = 0; big < 3; big++) {   // 0: 64×64, 1: 128×128, 2: 128×64
            for (int t = 0; t < 16; t++) {
                int M = s[0], N = s[1], K = s[2], ta = t & 1, tb = (t >> 1) & 1, acc = (t >> 2) & 1, withBias = (t >> 3) & 1;
                int batch = 2;
                std::vector<float> A(batch * M * K), B(K * N), C(batch * M * N), bias(batch * N);
                for (auto& v : A) v = U(r);
                for (auto& v : B) v = U(r);
                for (auto& v : C) v = U(r);
                for (auto& v : bias) v = U(r);
                std::vector<float> W = C;
                int act = (t + big) % 5;
                for (int b = 0; b < batch; b++) {
                    reference(ta, tb, M, N, K, A.data() + b * M * K, B.data(), W.data() + b * M * N,
                              withBias ? bias.data() + b * N : nullptr, act, 0.2f, acc);
                }
                // The host's float4 rule (CudaBackend.launchGemm): leading dimension and batch stride multiples of 4.
                int lda = ta ? M : K, ldb = tb ? K : N;
                int vecA = lda % 4 == 0 && (M * K) % 4 == 0, vecB = ldb % 4 == 0;
                int tileM = big ? 128 : 64, tileN = big == 1 ? 128 : 64;
                float* Ap = A.data(); float* Bp = B.data(); float* Cp = C.data();
                float* bp = withBias ? bias.data() : nullptr;
                launch((N + tileN - 1) / tileN, (M + tileM - 1) / tileM, batch, 256, [&] {
                    if (big == 1) sgemm_128x128(ta, tb, M, N, K, Ap, (long long) M * K, Bp, 0, Cp, (long long) M * N, bp, N, act, 0.2f, acc, vecA, vecB);
                    else if (big == 2) sgemm_128x64(ta, tb, M, N, K, Ap, (long long) M * K, Bp, 0, Cp, (long long) M * N, bp, N, act, 0.2f, acc, vecA, vecB);
                    else sgemm_64x64(ta, tb, M, N, K, Ap, (long long) M * K, Bp, 0, Cp, (long long) M * N, bp, N, act, 0.2f, acc, vecA, vecB);
                });
                double md = 0;
                for (size_t i = 0; i < C.size(); i++) md = std::max(md, (double) std::fabs(C[i] - W[i]));
                cases++;
                if (md > 1e-4) {
                    bad++;
                    printf("BAD sgemm M=%d N=%d K=%d ta=%d tb=%d acc=%d bias=%d tile=%dx%d act=%d maxdiff=%g\n",
                           M, N, K, ta, tb, acc, withBias, tileM, tileN, act, md);
                }
            }
        }
    }
    printf("sgemm: %d cases, %d bad\n", cases, bad);
    {
        int n = 100003;
        std::vector<float> x(n);
        double s = 0;
        for (auto& v : x) { v = U(r); s += v; }
        int blocks = std::min(1024, (n + 255) / 256);
        std::vector<double> part(blocks), out(1);
        float* xp = x.data(); double* pp = part.data(); double* op = out.data();
        launch(blocks, 1, 1, 256, [&] { reduce_f32(0, xp, n, pp); });
        launch(1, 1, 1, 256, [&] { reduce_f64_final(0, pp, blocks, op); });
        bool ok = std::fabs(out[0] - s) <= 1e-9 * n;
        launch(blocks, 1, 1, 256, [&] { reduce_f32(1, xp, n, pp); });
        launch(1, 1, 1, 256, [&] { reduce_f64_final(1, pp, blocks, op); });
        ok = ok && out[0] == (double) *std::max_element(x.begin(), x.end());
        launch(blocks, 1, 1, 256, [&] { reduce_f32(2, xp, n, pp); });
        launch(1, 1, 1, 256, [&] { reduce_f64_final(2, pp, blocks, op); });
        ok = ok && out[0] == (double) *std::min_element(x.begin(), x.end());
        printf("reduce: %s\n", ok ? "ok" : "BAD");
        bad += !ok;
    }
    {
        int M = 1000, N = 300, rpc = 64, chunks = (M + rpc - 1) / rpc;
        std::vector<float> x(M * N), out(N), part(chunks * N);
        for (auto& v : x) v = U(r);
        for (auto& v : out) v = U(r);
        std::vector<float> before = out;
        float* xp = x.data(); float* pp = part.data(); float* op = out.data();
        launch((N + 255) / 256, chunks, 1, 256, [&] { column_sum_partial(M, N, xp, rpc, pp); });
        launch((N + 255) / 256, 1, 1, 256, [&] { column_sum_final(chunks, N, pp, op, 1); });
        double md = 0;
        for (int n = 0; n < N; n++) {
            double s = before[n];
            for (int m = 0; m < M; m++) s += x[m * N + n];
            md = std::max(md, std::fabs(s - out[n]));
        }
        printf("column sum: %s (max diff %g)\n", md < 1e-4 ? "ok" : "BAD", md);
        bad += md >= 1e-4;
    }
    printf(bad == 0 ? "ALL OK\n" : "FAILED\n");
    return bad == 0 ? 0 : 1;
}
