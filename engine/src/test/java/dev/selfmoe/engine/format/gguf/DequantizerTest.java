package dev.selfmoe.engine.format.gguf;

import static org.junit.jupiter.api.Assertions.*;

import dev.selfmoe.engine.TestModels;
import dev.selfmoe.engine.format.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every quantized type against fixtures decoded by the gguf Python package (see resources/quant/generate.py). */
class DequantizerTest {
  @ParameterizedTest
  @EnumSource(names = {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q5_K", "Q6_K"})
  void matchesTheReferenceDecoder(GgmlType type) throws IOException {
    ByteBuffer raw = ByteBuffer.wrap(resource(type + ".bin")).order(ByteOrder.LITTLE_ENDIAN);
    FloatBuffer expected = ByteBuffer.wrap(resource(type + ".f32")).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    long blocks = raw.remaining() / type.typeSize;
    assertEquals(blocks * type.blockSize, expected.remaining());
    FloatBuffer actual = FloatBuffer.allocate(expected.remaining());
    type.dequantizer().dequantize(raw, actual, blocks);
    actual.flip();
    for (int i = 0; i < expected.remaining(); i++) {
      float e = expected.get(i);
      assertEquals(e, actual.get(i), 1e-6f * Math.max(1f, Math.abs(e)), type + " value " + i);
    }
  }

  @Test
  void everyTensorOfTheQuantizedSmolLmDecodesToFiniteValues() {
    try (GgufFile file = GgufFile.open(TestModels.smollm2())) {
      int quantized = 0;
      for (TensorInfo t : file.tensors()) {
        FloatBuffer values = file.readF32(t.name()).asFloatBuffer();
        assertEquals(t.elementCount(), values.remaining(), t.name());
        double sumSquares = 0;
        for (int i = 0; i < values.remaining(); i++) {
          float v = values.get(i);
          assertTrue(Float.isFinite(v), t.name());
          sumSquares += v * v;
        }
        assertTrue(sumSquares > 0, t.name() + " is all zeros");
        quantized += file.type(t.name()) == GgmlType.Q4_1 ? 1 : 0;
      }
      assertTrue(quantized > 100, "the file should be mostly Q4_1, found " + quantized);
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DequantizerTest.class.getResourceAsStream("/quant/" + name)) {
      assertNotNull(in, name);
      return in.readAllBytes();
    }
  }
}
