// Lets tussle_kernels.cu compile and run as plain C++ (g++ -std=c++20), each CUDA thread of a block
// a host thread, __syncthreads a std::barrier, __shared__ a static shared by the block's threads, blocks
// one after another. Checks index arithmetic and tiling logic without a GPU; says nothing about
// speed, the memory model or alignment faults. Used by CudaKernelEmulationTest. Every kernel must
// be launched with 256 threads (the pool size).
#pragma once
#include <cmath>
#include <cstring>
#include <cstdint>
#include <algorithm>
#include <barrier>
#include <thread>
#include <vector>
#include <functional>
struct dim3s { unsigned x=1,y=1,z=1; };
thread_local dim3s threadIdx, blockIdx;
dim3s gridDim, blockDim;
std::barrier<>* g_bar;
inline void __syncthreads() { g_bar->arrive_and_wait(); }
struct float4 { float x,y,z,w; };
inline float __int_as_float(int i){ float f; memcpy(&f,&i,4); return f; }
inline double __longlong_as_double(long long i){ double f; memcpy(&f,&i,8); return f; }
using std::min; using std::fmax; using std::fmin;
#define __device__
#define __global__
#define __forceinline__ inline
#define __noinline__
#define __shared__ static
#define __restrict__
#define __align__(n) __attribute__((aligned(n)))
#define __launch_bounds__(...)
// A pool of persistent worker threads, one per CUDA thread of a block; blocks run one after another.
struct Pool {
  unsigned n; std::barrier<> start, done; std::barrier<> bar; std::function<void()> f; bool stop=false;
  std::vector<std::thread> ts;
  explicit Pool(unsigned n): n(n), start(n+1), done(n+1), bar(n) {
    for (unsigned t=0;t<n;t++) ts.emplace_back([this,t]{ threadIdx={t,0,0};
      for(;;){ start.arrive_and_wait(); if(stop) return; f(); done.arrive_and_wait(); } });
  }
  ~Pool(){ stop=true; start.arrive_and_wait(); for(auto&t:ts) t.join(); }
};
thread_local unsigned tl_bx, tl_by, tl_bz;
inline Pool& pool(){ static Pool* p = new Pool(256); return *p; }  // never destroyed: no join at exit
template<class F> void launch(unsigned gx, unsigned gy, unsigned gz, unsigned bx, F f) {
  Pool& p = pool(); gridDim = {gx,gy,gz}; blockDim = {bx,1,1}; g_bar = &p.bar;
  for (unsigned z=0; z<gz; z++) for (unsigned y=0; y<gy; y++) for (unsigned x=0; x<gx; x++) {
    p.f = [=]{ blockIdx={x,y,z}; if (threadIdx.x < bx) f(); };
    p.start.arrive_and_wait(); p.done.arrive_and_wait();
  }
}
