package dev.selfmoe.engine.selfspec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleFilterTest {
  static final List<Seed> SEEDS = List.of(new Seed("s1", "What is the capital of France?", "", "Paris. The answer is 1."));

  SampleFilter math() {
    return new SampleFilter(Domain.MATH, SEEDS, true, 0.7);
  }

  @Test
  void eachDropReason() {
    SampleFilter f = math();
    assertEquals(Optional.of(DropReason.UNPARSABLE), f.check(null, "", "x"));
    assertEquals(Optional.of(DropReason.EMPTY), f.check("  ", "", "The answer is 3."));
    assertEquals(Optional.of(DropReason.EMPTY), f.check("Add 1 and 2.", "", " "));
    assertEquals(Optional.of(DropReason.FORMAT), f.check("Add 1 and 2.", "", "It is three, I think"));
    assertEquals(Optional.of(DropReason.SEED_COPY),
        f.check("what is the  capital of France?", "", "The answer is 1."));
    assertEquals(Optional.of(DropReason.SEED_COPY),
        f.check("What is the capital city of France?", "", "The answer is 1."));

    String kept = "Tom has 3 apples and buys 4 more bags of 2 apples each. How many apples does he have?";
    assertEquals(Optional.empty(), f.check(kept, "", "3 + 4 * 2 = 11\nThe answer is 11."));
    f.keep(kept, "");
    assertEquals(Optional.of(DropReason.DUPLICATE), f.check(kept.toUpperCase(), "", "The answer is 11."));
    assertEquals(Optional.of(DropReason.NEAR_DUPLICATE), f.check(
        "Tom has 5 apples and buys 4 more bags of 2 apples each. How many apples does he have now?", "",
        "The answer is 13."));
    assertEquals(Optional.empty(), f.check("A train travels 60 km in 1.5 hours. What is its speed in km/h?", "",
        "60 / 1.5 = 40\nThe answer is 40."));
  }

  @Test
  void formatRulesPerDomain() {
    assertTrue(DomainFormat.accepts(Domain.KNOWLEDGE, "Which gas do plants absorb?",
        "A. Oxygen\nB. Carbon dioxide\nC. Nitrogen\nD. Helium", "The answer is B."));
    assertFalse(DomainFormat.accepts(Domain.KNOWLEDGE, "Which gas do plants absorb?",
        "A. Oxygen\nB. Carbon dioxide\nC. Nitrogen", "The answer is B."));
    assertTrue(DomainFormat.accepts(Domain.CODING, "Add.", "", "def add(a, b):\n    return a + b"));
    assertFalse(DomainFormat.accepts(Domain.CODING, "Add.", "", "return a + b"));
    assertTrue(DomainFormat.accepts(Domain.MATH, "q", "", "2 + 2 = 4\nThe answer is 4."));
    assertTrue(DomainFormat.accepts(Domain.MATH, "q", "", "2 + 2 = 4\n#### 4"));
    assertFalse(DomainFormat.accepts(Domain.MATH, "q", "", "The answer is 4. Then more words"));
    assertTrue(DomainFormat.accepts(Domain.REASONING, "q", "", "Step one.\nSo the answer is (B)."));
    assertFalse(DomainFormat.accepts(Domain.REASONING, "q", "", "Step one, step two."));
  }

  @Test
  void formatChecksCanBeTurnedOff() {
    SampleFilter f = new SampleFilter(Domain.CODING, SEEDS, false, 0.7);
    assertEquals(Optional.empty(), f.check("Add two numbers.", "", "no code here"));
  }

  @Test
  void brainstormParsing() {
    BrainstormParser.Parsed p = BrainstormParser.parse(" Sum a list.\nInput: def total(xs):\n    pass\n");
    assertEquals("Sum a list.", p.instruction());
    assertEquals("def total(xs):\n    pass", p.input());
    p = BrainstormParser.parse("Instruction: Name a prime.\ninput: none\n### Task 5\nInstruction: x");
    assertEquals("Name a prime.", p.instruction());
    assertEquals("", p.input());
    assertNull(BrainstormParser.parse("  \nInput: something").instruction());
    assertNull(BrainstormParser.parse("").instruction());
  }
}
