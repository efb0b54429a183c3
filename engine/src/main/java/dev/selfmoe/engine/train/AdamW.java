package dev.selfmoe.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/** Adam with decoupled weight decay, updating parameters in place; its moments can be saved and restored. */
public final class AdamW implements AutoCloseable {
  private final List<NDArray> params;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private final NDManager manager;
  private final TrainingOptions o;
  private int step;

  public AdamW(List<NDArray> params, TrainingOptions options, NDManager parent) {
    this.params = params;
    this.o = options;
    this.manager = parent.newSubManager();
    for (NDArray p : params) {
      m.add(manager.zeros(p.getShape()));
      v.add(manager.zeros(p.getShape()));
    }
  }

  /** One update with gradients {@code grads} (same order as the parameters) at learning rate {@code lr}. */
  public void update(List<NDArray> grads, double lr) {
    step++;
    double c1 = 1 - Math.pow(o.beta1(), step);
    double c2 = 1 - Math.pow(o.beta2(), step);
    try (NDManager s = manager.newSubManager()) {
      NDArray b1 = s.create((float) o.beta1());
      NDArray b1c = s.create((float) (1 - o.beta1()));
      NDArray b2 = s.create((float) o.beta2());
      NDArray b2c = s.create((float) (1 - o.beta2()));
      NDArray stepSize = s.create((float) (lr / c1));
      NDArray sqrtC2 = s.create((float) Math.sqrt(c2));
      NDArray eps = s.create((float) o.epsilon());
      NDArray decay = s.create((float) (1 - lr * o.weightDecay()));
      for (int i = 0; i < params.size(); i++) {
        NDArray g = grads.get(i);
        m.get(i).muli(b1).addi(g.mul(b1c));
        v.get(i).muli(b2).addi(g.mul(g).muli(b2c));
        NDArray denominator = v.get(i).sqrt().divi(sqrtC2).addi(eps);
        NDArray p = params.get(i);
        if (o.weightDecay() > 0) {
          p.muli(decay);
        }
        p.subi(m.get(i).mul(stepSize).divi(denominator));
      }
    }
  }

  public int step() {
    return step;
  }

  public List<NDArray> firstMoments() {
    return m;
  }

  public List<NDArray> secondMoments() {
    return v;
  }

  /** Restores moments and the step count from a checkpoint. */
  public void restore(int step, List<float[]> first, List<float[]> second) {
    this.step = step;
    for (int i = 0; i < params.size(); i++) {
      m.get(i).set(first.get(i));
      v.get(i).set(second.get(i));
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
