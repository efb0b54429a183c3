package dev.selfmoe.activities.runtime;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.ModelLoader;
import dev.selfmoe.engine.hub.ModelCatalog;
import dev.selfmoe.engine.hub.ModelNotFoundException;
import dev.selfmoe.engine.model.LanguageModel;
import dev.selfmoe.engine.runtime.NativeHeap;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Semaphore;

/**
 * Base models loaded once per worker and reused across activities (a load costs seconds, a large model much more).
 *
 * <p>A model is leased exclusively: whoever holds the lease may attach adapters, train and generate, and no other
 * activity touches that model until the lease is closed (attaching an adapter changes the shared transformer, so
 * sharing it concurrently would mix one activity's adapter into another's forward pass). Activities on different
 * models run side by side when the worker allows more than one compute activity; a second activity on the same model
 * waits for the lease, heartbeating. At most {@code capacity} models stay loaded: the least recently used idle one
 * is closed when another is loaded.
 */
public final class ModelCache implements AutoCloseable {
  private final int capacity;
  private final ModelCatalog catalog;
  private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  private static final class Slot {
    final Semaphore lease = new Semaphore(1);
    LanguageModel model;
    int waiting;
  }

  public ModelCache(int capacity) {
    this(capacity, ModelCatalog.fromEnvironment());
  }

  public ModelCache(int capacity, ModelCatalog catalog) {
    if (capacity < 1) {
      throw new IllegalArgumentException("model cache capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.catalog = catalog;
  }

  /**
   * The model named {@code spec} (a file, directory, alias or hub id), loaded if needed, held exclusively until the
   * lease is closed. A name that resolves to nothing, or a file that is no loadable model, is bad input.
   */
  public ModelLease lease(String spec, Heartbeat heartbeat) {
    Slot slot;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the model cache is closed (the worker is shutting down)");
      }
      slot = slots.computeIfAbsent(spec, s -> new Slot());
      slot.waiting++;
    }
    try {
      waitFor(slot, spec, heartbeat);
    } finally {
      synchronized (this) {
        slot.waiting--;
      }
    }
    try {
      if (slot.model != null && slot.model.damage().isPresent()) {
        // weights a failed restore left changed are never lent again
        slot.model.close();
        slot.model = null;
      }
      if (slot.model == null) {
        heartbeat.report(ActivityProgress.of("loading model " + spec));
        slot.model = load(spec);
      }
      synchronized (this) {
        evictIdleBeyondCapacity();
      }
      collectLeftovers();
      return new ModelLease(slot.model, slot.lease::release);
    } catch (RuntimeException e) {
      slot.lease.release();
      throw e;
    }
  }

  /**
   * Collects the heap and hands freed native memory back before an activity starts, so it begins from live data
   * only. The serial collector grows the heap rather than collect when a large array does not fit, so what the last
   * activity left (decode arrays handed back by its lease, a merge's buffers after its lease) would otherwise stay
   * resident under everything the next one allocates. A collection costs a fraction of a second; activities last
   * from seconds to hours.
   */
  private static void collectLeftovers() {
    System.gc();
    NativeHeap.trim();
  }

  private void waitFor(Slot slot, String spec, Heartbeat heartbeat) {
    try {
      while (!slot.lease.tryAcquire(1, TimeUnit.SECONDS)) {
        heartbeat.report(ActivityProgress.of("waiting for model " + spec + " (in use by another activity)"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for model " + spec, e);
    }
  }

  private LanguageModel load(String spec) {
    Path path;
    try {
      path = catalog.resolve(spec, (item, done, total) -> {});
    } catch (ModelNotFoundException e) {
      throw BadInput.failure(e.getMessage());
    }
    try {
      return ModelLoader.load(path);
    } catch (EngineException e) {
      throw BadInput.failure(e.getMessage());
    }
  }

  /** Closes least recently used models nobody holds or waits for until at most {@code capacity} stay loaded. */
  private void evictIdleBeyondCapacity() {
    List<Map.Entry<String, Slot>> loaded = new ArrayList<>();
    for (Map.Entry<String, Slot> e : slots.entrySet()) {
      if (e.getValue().model != null) {
        loaded.add(e);
      }
    }
    int excess = loaded.size() - capacity;
    for (int i = 0; i < loaded.size() && excess > 0; i++) {
      Slot s = loaded.get(i).getValue();
      if (s.waiting == 0 && s.lease.tryAcquire()) {
        try {
          s.model.close();
          s.model = null;
          slots.remove(loaded.get(i).getKey());
          excess--;
        } finally {
          s.lease.release();
        }
      }
    }
  }

  /** Closes every model; called when the worker shuts down, after its activities have stopped. */
  @Override
  public synchronized void close() {
    closed = true;
    for (Slot s : slots.values()) {
      if (s.model != null) {
        s.model.close();
        s.model = null;
      }
    }
    slots.clear();
  }
}
