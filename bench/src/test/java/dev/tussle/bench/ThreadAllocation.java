package dev.tussle.bench;

import java.lang.management.ManagementFactory;

/** What the calling thread allocates while it repeats a call: the allocation tests' one measure. */
final class ThreadAllocation {
    private ThreadAllocation() {
    }

    /**
     * The fewest bytes the calling thread allocated over a window of {@code calls} calls of
     * {@code call}, over at most {@code windows} windows, stopping at the first window that
     * allocates less than {@code enough} (the windows before C2 has compiled the call allocate;
     * a test asks whether some later window does not).
     */
    static long fewestBytesPerWindow(Runnable call, int calls, int windows, long enough) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long fewest = Long.MAX_VALUE;
        for (int window = 0; window < windows && fewest >= enough; window++) {
            long before = threads.getThreadAllocatedBytes(id);
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            fewest = Math.min(fewest, threads.getThreadAllocatedBytes(id) - before);
        }
        return fewest;
    }
}
