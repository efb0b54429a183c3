package dev.selfmoe.engine.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reading a stretch of a file into a buffer without moving the channel's own position (safe across threads). */
public final class PositionalReads {
  private PositionalReads() {}

  /** Fills {@code out}'s remaining space from {@code position} on; false when the file ends first. */
  public static boolean readFully(FileChannel channel, ByteBuffer out, long position) throws IOException {
    long at = position;
    while (out.hasRemaining()) {
      int n = channel.read(out, at);
      if (n < 0) {
        return false;
      }
      at += n;
    }
    return true;
  }
}
