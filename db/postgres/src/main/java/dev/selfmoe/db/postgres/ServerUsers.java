package dev.selfmoe.db.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The selfmoe processes using one local server (the embedded PostgreSQL, the Temporal dev server), counted with shared
 * OS file locks on one file, so that whichever leaves last stops the server, and not the one that happened to start
 * it while others still use it. OS locks vanish with their process, so a killed user is never counted.
 *
 * <p>A process joins before it looks for a running server and leaves when it is done with it. The last to leave holds
 * the file exclusively until {@link #close}: a process joining meanwhile waits, then finds the server stopped and
 * starts its own. Within one JVM the users of a file share one lock and are counted here.
 */
public final class ServerUsers implements AutoCloseable {
  private static final Map<Path, Holder> HOLDERS = new HashMap<>();

  private final Path file;
  private boolean left;
  private boolean closed;

  private static final class Holder {
    final FileChannel channel;
    FileLock lock;
    int users;

    Holder(FileChannel channel, FileLock lock) {
      this.channel = channel;
      this.lock = lock;
    }
  }

  private ServerUsers(Path file) {
    this.file = file;
  }

  /** Joins the users of the server named by {@code file}; waits while a last user is stopping that server. */
  public static ServerUsers join(Path file) {
    Path key = file.toAbsolutePath().normalize();
    synchronized (HOLDERS) {
      Holder holder = HOLDERS.get(key);
      // a last user of this JVM is stopping the server: wait until it has
      while (holder != null && holder.users == 0) {
        try {
          HOLDERS.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the server of " + key + " to stop", e);
        }
        holder = HOLDERS.get(key);
      }
      if (holder == null) {
        FileChannel channel = null;
        try {
          channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
          holder = new Holder(channel, channel.lock(0, Long.MAX_VALUE, true));
        } catch (IOException e) {
          closeQuietly(channel);
          throw new UncheckedIOException("cannot lock " + key + ": " + e.getMessage(), e);
        }
        HOLDERS.put(key, holder);
      }
      holder.users++;
      return new ServerUsers(key);
    }
  }

  /**
   * Leaves; true when no other process (nor another user in this JVM) still uses the server. Then this user holds the
   * file alone, and should stop the server before {@link #close}.
   */
  public boolean leaveAsLast() {
    synchronized (HOLDERS) {
      if (left) {
        throw new IllegalStateException("already left " + file);
      }
      left = true;
      Holder holder = HOLDERS.get(file);
      if (--holder.users > 0) {
        return false;
      }
      try {
        holder.lock.release();
        holder.lock = holder.channel.tryLock(0, Long.MAX_VALUE, false);
      } catch (IOException e) {
        holder.lock = null;
      }
      if (holder.lock == null) {
        release(holder);
        return false;
      }
      return true;
    }
  }

  /** Leaves (if not yet left) and lets waiting processes in. */
  @Override
  public void close() {
    synchronized (HOLDERS) {
      if (closed) {
        return;
      }
      closed = true;
      if (!left) {
        leaveAsLast();
      }
      Holder holder = HOLDERS.get(file);
      if (holder != null && holder.users == 0) {
        release(holder);
      }
    }
  }

  private void release(Holder holder) {
    HOLDERS.remove(file);
    HOLDERS.notifyAll();
    try {
      if (holder.lock != null && holder.lock.isValid()) {
        holder.lock.release();
      }
    } catch (IOException ignored) {
      // closing the channel below releases it too
    }
    closeQuietly(holder.channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }
}
