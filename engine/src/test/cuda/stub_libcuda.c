/* A stand-in libcuda.so.1 for tests on machines without an NVIDIA driver (CudaAbsenceTest):
   cuInit reports CUDA_ERROR_NO_DEVICE (100), as a driver that sees no GPU does. With it, the path
   from Cuda.open() through loading JCuda's JNI library to the first driver call runs for real.
   Build: gcc -shared -fPIC -o libcuda.so.1 stub_libcuda.c */
int cuInit(unsigned int flags) { (void) flags; return 100; }
int cuDeviceGetCount(int *count) { *count = 0; return 0; }
