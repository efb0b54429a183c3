package dev.selfmoe.activities.store;

import dev.selfmoe.activities.runtime.ActivityProgress;
import dev.selfmoe.activities.runtime.Heartbeat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Exclusive right to compute one recipe, so two activities for the same recipe (a retry racing a slow attempt, two
 * experiments sharing an expert) never compute it twice at once: the second waits, heartbeating, and then finds the
 * first one's result. Across processes it is an OS lock on {@code locks/<recipe key>.lock} (released by the OS when a
 * holder dies, so a killed worker never leaves it stuck), which records its holder as {@code pid@host} for people;
 * within one JVM, where OS file locks do not exclude, a semaphore per lock file does.
 */
public final class RecipeLock implements AutoCloseable {
  private static final ConcurrentHashMap<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private final Semaphore local;
  private final FileChannel channel;
  private final FileLock lock;

  private RecipeLock(Semaphore local, FileChannel channel, FileLock lock) {
    this.local = local;
    this.channel = channel;
    this.lock = lock;
  }

  static RecipeLock acquire(Path lockFile, String what, Heartbeat heartbeat) {
    Path file = lockFile.toAbsolutePath().normalize();
    Semaphore local = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
    try {
      while (!local.tryAcquire(1, TimeUnit.SECONDS)) {
        heartbeat.report(ActivityProgress.of("waiting for " + what + " (computed by another activity here)"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      while ((lock = channel.tryLock()) == null) {
        heartbeat.report(ActivityProgress.of("waiting for " + what + " (computed by " + holder(file) + ")"));
        Thread.sleep(1000);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "@" + host() + "\n")
          .getBytes(StandardCharsets.UTF_8)), 0);
      return new RecipeLock(local, channel, lock);
    } catch (IOException e) {
      release(local, channel);
      throw new UncheckedIOException(file + ": cannot lock (" + e.getMessage() + ")", e);
    } catch (InterruptedException e) {
      release(local, channel);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    } catch (RuntimeException e) {
      release(local, channel);
      throw e;
    }
  }

  private static String holder(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "another worker";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void release(Semaphore local, FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // closing releases the OS lock; a failure here leaves nothing to clean up
    } finally {
      local.release();
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel's close below releases it as well
    }
    release(local, channel);
  }
}
