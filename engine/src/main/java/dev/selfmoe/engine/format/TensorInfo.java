package dev.selfmoe.engine.format;

import java.util.Arrays;

/**
 * One stored tensor. {@code shape} is row-major with the outermost dimension first (a linear layer's weight is
 * {@code [out, in]}), whatever order the file format lists its dimensions in.
 */
public record TensorInfo(String name, long[] shape, String dtype) {
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + ":" + dtype;
  }
}
