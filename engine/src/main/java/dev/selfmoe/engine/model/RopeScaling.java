package dev.selfmoe.engine.model;

/**
 * Llama-3's frequency-dependent RoPE scaling: long wavelengths are stretched by {@code factor}, short ones kept, with
 * a smooth blend between.
 */
public record RopeScaling(
    double factor, double lowFreqFactor, double highFreqFactor, int originalMaxPositions) {

  /** Applies the scaling to one inverse frequency. */
  public double scale(double invFreq) {
    double wavelength = 2 * Math.PI / invFreq;
    double lowFreqWavelength = originalMaxPositions / lowFreqFactor;
    double highFreqWavelength = originalMaxPositions / highFreqFactor;
    if (wavelength < highFreqWavelength) {
      return invFreq;
    }
    if (wavelength > lowFreqWavelength) {
      return invFreq / factor;
    }
    double smooth = (originalMaxPositions / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
    return (1 - smooth) * invFreq / factor + smooth * invFreq;
  }
}
