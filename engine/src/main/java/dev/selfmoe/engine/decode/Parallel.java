package dev.selfmoe.engine.decode;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a range of work items over the CPU's cores for the decode step's many short parallel regions (a few
 * hundred per token, each tens of microseconds). Helper threads spin briefly before parking, so a region that
 * follows another closely starts without a wake-up delay; the calling thread always takes a share itself.
 */
final class Parallel {
  interface Body {
    void run(int from, int to);
  }

  private static final int SPIN_NANOS = 200_000;
  private static final Parallel SHARED = new Parallel(Math.max(1, Runtime.getRuntime().availableProcessors()));

  private final int threads;
  private final Thread[] helpers;
  private final AtomicInteger pending = new AtomicInteger();
  private volatile long generation;
  private volatile Body body;
  private volatile int count;
  private volatile Throwable failure;

  private Parallel(int threads) {
    this.threads = threads;
    this.helpers = new Thread[threads - 1];
    for (int i = 0; i < helpers.length; i++) {
      int share = i + 1;
      helpers[i] = Thread.ofPlatform().daemon().name("selfmoe-decode-" + share).unstarted(() -> serve(share));
      helpers[i].start();
    }
  }

  static Parallel shared() {
    return SHARED;
  }

  int threads() {
    return threads;
  }

  /** Runs {@code body} over {@code [0, n)} cut into one contiguous share per thread; returns when all are done. */
  synchronized void run(int n, Body body) {
    if (threads == 1 || n < 2) {
      body.run(0, n);
      return;
    }
    this.body = body;
    this.count = n;
    this.failure = null;
    pending.set(helpers.length);
    generation++;
    for (Thread t : helpers) {
      LockSupport.unpark(t);
    }
    try {
      body.run(0, end(0, n));
    } finally {
      while (pending.get() > 0) {
        Thread.onSpinWait();
      }
      this.body = null;
    }
    Throwable f = failure;
    if (f instanceof RuntimeException e) {
      throw e;
    }
    if (f instanceof Error e) {
      throw e;
    }
  }

  private int end(int share, int n) {
    return (int) ((long) n * (share + 1) / threads);
  }

  private void serve(int share) {
    long seen = 0;
    while (true) {
      long start = System.nanoTime();
      while (generation == seen) {
        if (System.nanoTime() - start < SPIN_NANOS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
        }
      }
      seen = generation;
      try {
        int n = count;
        body.run((int) ((long) n * share / threads), end(share, n));
      } catch (Throwable t) {
        failure = t;
      } finally {
        pending.decrementAndGet();
      }
    }
  }
}
