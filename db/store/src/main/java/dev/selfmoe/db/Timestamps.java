package dev.selfmoe.db;

import java.time.Instant;
import java.time.OffsetDateTime;

/** timestamptz arrives as OffsetDateTime; rows carry Instants, which have no zone to mislead anyone. */
final class Timestamps {
  private Timestamps() {}

  static Instant instant(OffsetDateTime timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
