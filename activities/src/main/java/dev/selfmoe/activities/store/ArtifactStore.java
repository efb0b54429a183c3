package dev.selfmoe.activities.store;

import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.db.ArtifactRecords;
import dev.selfmoe.db.ArtifactRow;
import dev.selfmoe.db.Lineage;
import dev.selfmoe.engine.format.FileTrees;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The content-addressed artifact store on a local (or shared) directory, with its index in the database.
 *
 * <ul>
 *   <li>{@code objects/<sha[0:2]>/<sha256>}: finished artifacts, a file or a directory (adapters, mixtures, merged
 *       models), named by {@link ContentHash}. Objects never move or change once there.
 *   <li>{@code work/<recipe key>/}: a recipe's work in progress (checkpoints, cursors, the result being written).
 *       The path depends only on the recipe, so a retried activity, on this worker or another one sharing the
 *       directory, resumes from what the failed attempt left.
 *   <li>{@code locks/<recipe key>.lock}: see {@link RecipeLock}.
 * </ul>
 *
 * <p>Publishing hashes the result, records it (with its recipe and parents) in the database, then renames it into
 * {@code objects/}: the rename is the commit. A crash before it leaves a database row without an object, which
 * {@link #lookup} treats as not done, so the next attempt finishes from the work directory and publishes again
 * (recording is idempotent).
 */
public final class ArtifactStore {
  private final Path root;
  private final ArtifactRecords records;

  public ArtifactStore(Path root, ArtifactRecords records) {
    this.root = root.toAbsolutePath().normalize();
    this.records = records;
  }

  /** {@code ~/.selfmoe/artifacts}, for a worker not told otherwise. */
  public static Path defaultRoot() {
    return Path.of(System.getProperty("user.home"), ".selfmoe", "artifacts");
  }

  public Path root() {
    return root;
  }

  public Path objectPath(String sha256) {
    return root.resolve("objects").resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  /** The recipe's work directory, created if needed. */
  public Path workDir(Recipe recipe) {
    Path dir = root.resolve("work").resolve(recipe.key());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": cannot create (" + e.getMessage() + ")", e);
    }
    return dir;
  }

  /** The finished artifact of this recipe, when the database knows it and its object is on this store's disk. */
  public Optional<ArtifactRef> lookup(Recipe recipe) {
    return records.findByRecipe(recipe.key())
        .filter(row -> Files.exists(objectPath(row.sha256())))
        .map(row -> new ArtifactRef(recipe.key(), row.sha256(), row.kind(), row.uri(), row.sizeBytes(), 0, true));
  }

  /** Waits (heartbeating) until no one else computes this recipe; close the lock when done. */
  public RecipeLock lock(Recipe recipe, Heartbeat heartbeat) {
    return RecipeLock.acquire(root.resolve("locks").resolve(recipe.key() + ".lock"),
        recipe.kind() + " " + recipe.shortKey(), heartbeat);
  }

  /**
   * The recipe's artifact: the stored one when there is one (no work done), else {@code work}'s result, published.
   * Only one activity computes a recipe at a time; one that waited finds the other's result and reuses it.
   */
  public ArtifactRef produce(Recipe recipe, Heartbeat heartbeat, ArtifactWork work) {
    Optional<ArtifactRef> stored = lookup(recipe);
    if (stored.isPresent()) {
      return stored.get();
    }
    RecipeLock lock = lock(recipe, heartbeat);
    try {
      stored = lookup(recipe);
      if (stored.isPresent()) {
        return stored.get();
      }
      long started = System.nanoTime();
      ArtifactWork.Made made;
      try {
        made = work.run(workDir(recipe));
      } catch (IOException e) {
        throw new UncheckedIOException(recipe.kind() + " " + recipe.shortKey() + ": " + e.getMessage(), e);
      }
      heartbeat.check();
      ArtifactRef ref = publish(recipe, made.output(), made.parents(), 0, made.rows());
      // Hashing and recording the result is the activity's own work too, not orchestration.
      return new ArtifactRef(ref.recipeKey(), ref.sha256(), ref.kind(), ref.uri(), ref.sizeBytes(),
          (System.nanoTime() - started) / 1e9, false);
    } finally {
      lock.close();
    }
  }

  /** Where an input artifact's object is; an input missing here cannot be used (another worker may have it). */
  public Path require(ArtifactRef ref) {
    Path p = objectPath(ref.sha256());
    if (!Files.exists(p)) {
      throw new IllegalStateException(ref.kind() + " " + ref.sha256() + " is not in the artifact store at " + root
          + " (workers must share the store directory)");
    }
    return p;
  }

  /**
   * Publishes {@code result} (inside the recipe's work directory) as the recipe's artifact. {@code beforeCommit}
   * writes rows that belong with the artifact (self-specialization statistics) once the artifact is recorded and
   * before it becomes visible; it must be idempotent. The work directory is removed afterwards.
   */
  public ArtifactRef publish(Recipe recipe, Path result, List<Lineage> parents, double computeSeconds,
      Consumer<String> beforeCommit) {
    String sha = ContentHash.of(result);
    long size = ContentHash.sizeBytes(result);
    Path target = objectPath(sha);
    String uri = target.toUri().toString();
    ArtifactRow row = records.recordArtifact(sha, recipe.kind(), size, uri, recipe.key(), recipe.json(), parents);
    beforeCommit.accept(sha);
    moveIntoObjects(result, target);
    deleteQuietly(root.resolve("work").resolve(recipe.key()));
    // an earlier, different result of the same recipe keeps the recipe's name; this one is still stored and valid
    return new ArtifactRef(recipe.key(), sha, recipe.kind(), row.sha256().equals(sha) ? row.uri() : uri, size,
        computeSeconds, false);
  }

  private static void moveIntoObjects(Path result, Path target) {
    try {
      if (Files.exists(target)) {
        FileTrees.deleteRecursively(result); // the same content is already stored, perhaps by another recipe
        return;
      }
      Files.createDirectories(target.getParent());
      Files.move(result, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      deleteQuietly(result); // a concurrent publisher of the same content won the rename
    } catch (IOException e) {
      throw new UncheckedIOException(target + ": cannot store (" + e.getMessage() + ")", e);
    }
    protect(target);
  }

  /** Objects are never modified in place (mixtures hard-link their experts' files): make their files read-only. */
  private static void protect(Path object) {
    List<Path> files = Files.isDirectory(object) ? ContentHash.files(object) : List.of(object);
    for (Path f : files) {
      f.toFile().setWritable(false, false);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      FileTrees.deleteRecursively(p);
    } catch (IOException ignored) {
      // leftovers in work/ are harmless: a later attempt at the same recipe starts by resuming from them
    }
  }
}
