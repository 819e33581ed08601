package dev.flock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTableTest {

  @Test
  void cellsAreTheMedianAndTheRangeOfTheRunsAndErrorsAreSummed() {
    List<ResultsTable.Run> runs =
        List.of(
            new ResultsTable.Run("web", "FEED", 16, 900, 10, 40, 0, 18000, 1.0),
            new ResultsTable.Run("web", "FEED", 16, 1100, 12, 45, 1, 22000, 1.2),
            new ResultsTable.Run("web", "FEED", 16, 1000, 11, 50, 2, 20000, 1.1));

    String markdown =
        ResultsTable.render(Map.of("storage", "memory", "shape", "S"), runs, List.of());

    assertThat(markdown)
        .contains(
            "| FEED | 16 | 3 | 1000 [900–1100] | 11.0 [10.0–12.0] | 45.0 [40.0–50.0] | 3 | 60000 | 1.10 [1.00–1.20] |");
  }

  @Test
  void flockRatesAreFractionsOfTheRawEtcdRatesAtTheSameConcurrency() {
    List<ResultsTable.Run> runs =
        List.of(
            new ResultsTable.Run("web", "POST", 64, 2000, 10, 40, 0, 40000, 1.0),
            new ResultsTable.Run("etcd", "TXN", 64, 4000, 10, 40, 0, 80000, 1.0),
            new ResultsTable.Run("etcd", "TXN", 16, 1000, 10, 40, 0, 20000, 1.0));

    String markdown = ResultsTable.render(Map.of(), runs, List.of());

    assertThat(markdown).contains("| web POST | 64 | 2000 | raw TXN 4000 | **50 %** |");
  }

  @Test
  void shapesFollowTheWorkload() {
    Shape s = Shape.of("S");
    assertThat(s.user(7)).isEqualTo("u007");
    assertThat(s.followed(0)).containsExactly(37, 74);
    assertThat(s.firstFeedPage(0)).isEqualTo(10);
    assertThat(s.text(3, 4)).hasSize(100).startsWith("u003 post 004: ");
    assertThat(Shape.of("L").firstFeedPage(5)).isEqualTo(20);
    assertThat(Shape.of("XL").user(42)).isEqualTo("u0042");
    for (String name : List.of("S", "L", "XL", "TINY")) {
      Shape shape = Shape.of(name);
      for (int i = 0; i < shape.users(); i++) {
        shape.followTarget(i); // throws when the FOLLOW target is already followed
      }
    }
  }
}
