package dev.selfmoe.activities.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.selfmoe.activities.Rows;
import dev.selfmoe.activities.SharedWorker;
import dev.selfmoe.activities.WorkerResources;
import dev.selfmoe.activities.runtime.Heartbeat;
import dev.selfmoe.db.Lineage;
import dev.selfmoe.engine.format.FileTrees;
import dev.selfmoe.workflows.recipe.ArtifactRef;
import dev.selfmoe.workflows.recipe.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedWorker.class)
class ArtifactStoreTest {
  private static Recipe recipe(String test) {
    return Recipe.of("test-data", Map.of("test", test));
  }

  private static ArtifactWork writing(String text, AtomicInteger runs) {
    return work -> {
      runs.incrementAndGet();
      Path out = work.resolve("out");
      Files.createDirectories(out.resolve("nested"));
      Files.writeString(out.resolve("nested/file.txt"), text);
      return ArtifactWork.Made.of(out, List.of());
    };
  }

  @Test
  void publishedArtifactIsStoredByContentAndReusedByRecipe(WorkerResources r) throws Exception {
    ArtifactStore store = r.store();
    Recipe recipe = recipe("publish");
    AtomicInteger runs = new AtomicInteger();
    ArtifactRef made = store.produce(recipe, Heartbeat.none(), writing("hello", runs));

    assertFalse(made.reused());
    assertEquals(recipe.key(), made.recipeKey());
    Path object = store.objectPath(made.sha256());
    assertEquals(store.root().resolve("objects").resolve(made.sha256().substring(0, 2)).resolve(made.sha256()),
        object);
    assertEquals("hello", Files.readString(object.resolve("nested/file.txt")));
    assertEquals(ContentHash.of(object), made.sha256());
    assertEquals(5, made.sizeBytes());
    assertFalse(Files.exists(store.root().resolve("work").resolve(recipe.key())), "work is cleared");
    assertEquals(made.sha256(), r.db().artifacts().findByRecipe(recipe.key()).orElseThrow().sha256());

    long artifacts = Rows.count(r.db(), "artifact");
    ArtifactRef again = store.produce(recipe, Heartbeat.none(), writing("hello", runs));
    assertTrue(again.reused());
    assertEquals(0, again.computeSeconds());
    assertEquals(made.sha256(), again.sha256());
    assertEquals(1, runs.get(), "reused without work");
    assertEquals(artifacts, Rows.count(r.db(), "artifact"));
  }

  @Test
  void aRecordedArtifactWhoseObjectIsMissingIsMadeAgain(WorkerResources r) throws Exception {
    ArtifactStore store = r.store();
    Recipe recipe = recipe("missing object");
    AtomicInteger runs = new AtomicInteger();
    ArtifactRef made = store.produce(recipe, Heartbeat.none(), writing("again", runs));
    FileTrees.deleteRecursively(store.objectPath(made.sha256()));
    assertTrue(store.lookup(recipe).isEmpty(), "a row without its object is not done");

    ArtifactRef remade = store.produce(recipe, Heartbeat.none(), writing("again", runs));
    assertFalse(remade.reused());
    assertEquals(2, runs.get());
    assertEquals(made.sha256(), remade.sha256());
    assertTrue(Files.isDirectory(store.objectPath(made.sha256())));
  }

  @Test
  void twoProducersOfOneRecipeComputeItOnce(WorkerResources r) throws Exception {
    ArtifactStore store = r.store();
    Recipe recipe = recipe("concurrent");
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch firstIsWorking = new CountDownLatch(1);
    ArtifactWork slow = work -> {
      firstIsWorking.countDown();
      try {
        Thread.sleep(1500);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return writing("once", runs).run(work);
    };
    CompletableFuture<ArtifactRef> first = CompletableFuture.supplyAsync(
        () -> store.produce(recipe, Heartbeat.none(), slow));
    firstIsWorking.await();
    ArtifactRef second = store.produce(recipe, Heartbeat.none(), writing("once", runs));

    assertEquals(1, runs.get(), "the second waited for the first and reused its result");
    assertTrue(second.reused());
    assertFalse(first.get().reused());
    assertEquals(first.get().sha256(), second.sha256());
  }

  @Test
  void lineageNamesTheParents(WorkerResources r) {
    ArtifactStore store = r.store();
    AtomicInteger runs = new AtomicInteger();
    ArtifactRef parent = store.produce(recipe("parent"), Heartbeat.none(), writing("parent", runs));
    ArtifactRef child = store.produce(recipe("child"), Heartbeat.none(), work -> {
      Path out = Files.writeString(work.resolve("child.txt"), "child of " + parent.sha256());
      return ArtifactWork.Made.of(out, List.of(new Lineage(parent.sha256(), "data")));
    });
    assertEquals(List.of(new Lineage(parent.sha256(), "data")), r.db().artifacts().parentsOf(child.sha256()));
    assertTrue(Files.isRegularFile(store.objectPath(child.sha256())), "a file artifact is stored as a file");
  }
}
