package dev.selfmoe.engine.format.safetensors;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.EngineException;
import dev.selfmoe.engine.format.WeightFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path temp;

  static float[] floats(ByteBuffer b) {
    FloatBuffer f = b.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[f.remaining()];
    f.get(out);
    return out;
  }

  /** A file built byte by byte here, as another writer would lay it out. */
  static Path handWritten(Path p, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(json.length).put(json).put(data);
    return Files.write(p, b.array());
  }

  @Test
  void writtenFileReadsBackWithMetadata() {
    Path p = temp.resolve("a.safetensors");
    float[] w = {1, -2, 3.5f, 4, 5, 6};
    new SafetensorsWriter().add("w", new long[] {2, 3}, w).add("b", new long[] {1}, new float[] {7})
        .metadata("format", "pt").write(p);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertArrayEquals(new long[] {2, 3}, f.tensor("w").orElseThrow().shape());
      assertArrayEquals(w, floats(f.readF32("w")));
      assertArrayEquals(new float[] {7}, floats(f.readF32("b")));
      assertEquals("pt", f.metadata().get("format"));
    }
    assertFalse(Files.exists(temp.resolve(".a.safetensors.partial")));
  }

  @Test
  void floatArraysLargerThanAWriteChunkArriveWhole() {
    Path p = temp.resolve("large.safetensors");
    float[] big = new float[600_001]; // two whole chunks and part of a third
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.5f - 7;
    }
    ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.25f).putFloat(-3f).flip();
    new SafetensorsWriter().add("small", new long[] {2}, bytes).add("big", new long[] {600_001}, big)
        .add("after", new long[] {1}, new float[] {9}).write(p);
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertArrayEquals(new float[] {1.25f, -3f}, floats(f.readF32("small")));
      assertArrayEquals(big, floats(f.readF32("big")));
      assertArrayEquals(new float[] {9}, floats(f.readF32("after")));
    }
  }

  @Test
  void copiedTensorsAreTheFilesValuesAndNoViewOfIt() throws IOException {
    Path p = temp.resolve("copied.safetensors");
    float[] big = new float[300_007];
    for (int i = 0; i < big.length; i++) {
      big[i] = i * 0.25f - 3;
    }
    new SafetensorsWriter().add("first", new long[] {1}, new float[] {5}).add("big", new long[] {300_007}, big)
        .write(p);
    ByteBuffer copy;
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      copy = f.copyF32("big");
      assertTrue(copy.isDirect());
      assertEquals(big.length * 4, copy.remaining());
      assertArrayEquals(new float[] {5}, floats(f.copyF32("first")));
    }
    // overwritten in place: a mapping of the file would now read zeros
    Files.write(p, new byte[(int) Files.size(p)]);
    assertArrayEquals(big, floats(copy));
  }

  @Test
  void halfPrecisionTypesWidenToFloat32() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    data.putShort(Float.floatToFloat16(1.5f)).putShort(Float.floatToFloat16(-0.25f));
    data.putShort((short) (Float.floatToIntBits(3.0f) >>> 16)).putShort((short) (Float.floatToIntBits(-1e10f) >>> 16));
    Path p = handWritten(temp.resolve("h.safetensors"),
        "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}}", data.array());
    try (SafetensorsFile f = SafetensorsFile.open(p)) {
      assertArrayEquals(new float[] {1.5f, -0.25f}, floats(f.readF32("h")));
      float[] b = floats(f.readF32("b"));
      assertEquals(3.0f, b[0]);
      assertEquals(-1e10f, b[1], 1e8f);
    }
  }

  @Test
  void shardedDirectoryJoinsItsFiles() throws IOException {
    new SafetensorsWriter().add("x", new long[] {2}, new float[] {1, 2}).write(temp.resolve("m-1.safetensors"));
    new SafetensorsWriter().add("y", new long[] {1}, new float[] {3}).write(temp.resolve("m-2.safetensors"));
    Files.writeString(temp.resolve("model.safetensors.index.json"),
        "{\"metadata\":{},\"weight_map\":{\"x\":\"m-1.safetensors\",\"y\":\"m-2.safetensors\"}}");
    try (WeightFile f = SafetensorsFiles.openDirectory(temp)) {
      assertEquals(2, f.tensors().size());
      assertArrayEquals(new float[] {3}, floats(f.readF32("y")));
      assertArrayEquals(new float[] {1, 2}, floats(f.readF32("x")));
    }
  }

  @Test
  void damagedFilesGiveErrorsNamingTheFile() throws IOException {
    Path good = temp.resolve("good.safetensors");
    new SafetensorsWriter().add("w", new long[] {64}, new float[64]).write(good);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = Files.write(temp.resolve("truncated.safetensors"), Arrays.copyOf(bytes, bytes.length - 10));
    Path garbage = Files.write(temp.resolve("garbage.safetensors"), "not safetensors at all".getBytes());
    Path badJson = handWritten(temp.resolve("json.safetensors"), "{\"w\": [oops", new byte[0]);
    Path int8 = handWritten(temp.resolve("i8.safetensors"),
        "{\"q\":{\"dtype\":\"I8\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
    for (Path p : new Path[] {truncated, garbage, badJson}) {
      EngineException e = assertThrows(EngineException.class, () -> SafetensorsFile.open(p));
      assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    }
    try (SafetensorsFile f = SafetensorsFile.open(int8)) {
      EngineException e = assertThrows(EngineException.class, () -> f.readF32("q"));
      assertTrue(e.getMessage().contains("I8") && e.getMessage().contains(int8.toString()), e.getMessage());
    }
  }
}
