package dev.selfmoe.activities.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.selfmoe.workflows.recipe.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentHashTest {
  @TempDir Path temp;

  @Test
  void aFileIsNamedByItsBytes() throws Exception {
    Path f = Files.writeString(temp.resolve("data.jsonl"), "{\"a\":1}\n");
    assertEquals(Recipe.sha256("{\"a\":1}\n"), ContentHash.of(f));
    assertEquals(8, ContentHash.sizeBytes(f));
  }

  @Test
  void aDirectoryIsNamedByItsFilesNamesAndContentsOnly() throws Exception {
    Path a = tree(temp.resolve("a"), "x", "y");
    Path b = tree(temp.resolve("b"), "x", "y");
    Files.setLastModifiedTime(b.resolve("sub/two.txt"), FileTime.fromMillis(0));
    assertEquals(ContentHash.of(a), ContentHash.of(b), "timestamps and the directory's own name do not count");
    assertEquals(
        Recipe.sha256("one.txt 1 " + Recipe.sha256("x") + "\nsub/two.txt 1 " + Recipe.sha256("y") + "\n"),
        ContentHash.of(a), "the canonical listing: sorted paths, sizes and file hashes");
    assertEquals(2, ContentHash.sizeBytes(a));

    assertNotEquals(ContentHash.of(a), ContentHash.of(tree(temp.resolve("c"), "x", "z")), "a changed file");
    Path renamed = tree(temp.resolve("d"), "x", "y");
    Files.move(renamed.resolve("one.txt"), renamed.resolve("uno.txt"));
    assertNotEquals(ContentHash.of(a), ContentHash.of(renamed), "a renamed file");
  }

  private static Path tree(Path root, String one, String two) throws Exception {
    Files.createDirectories(root.resolve("sub"));
    Files.writeString(root.resolve("one.txt"), one);
    Files.writeString(root.resolve("sub/two.txt"), two);
    return root;
  }
}
