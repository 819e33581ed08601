package dev.flock.backend.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flock.core.FlockException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PageRequestTest {

  @ParameterizedTest
  @CsvSource({
    "-5, 20",
    "0, 20",
    "1, 1",
    "20, 20",
    "37, 37",
    "100, 100",
    "101, 100",
    "2147483647, 100"
  })
  void unsetSizesGetTheDefaultAndLargeOnesTheMaximum(int wished, int granted) {
    assertThat(PageRequest.of("", wished).size()).isEqualTo(granted);
  }

  @Test
  void aCursorLongerThanAnyThisBackendMakesIsRefused() {
    String longest = "A".repeat(Cursor.MAX_LENGTH + 1);

    FlockException refused =
        catchThrowableOfType(FlockException.class, () -> PageRequest.of(longest, 10));

    assertThat(refused.reason()).isEqualTo(FlockException.Reason.INVALID_ARGUMENT);
  }

  @Test
  void anEmptyOrMissingCursorIsTheFirstPage() {
    assertThat(PageRequest.of("", 10).after()).isEmpty();
    assertThat(PageRequest.of(null, 10).after()).isEmpty();
  }

  @Test
  void fetchSizeIsOneMoreThanThePage() {
    assertThat(PageRequest.first(20).fetchSize()).isEqualTo(21);
  }

  @ParameterizedTest
  @ValueSource(strings = {"!!!", "a", "abc=def", "not a cursor", "%%", "Zm9v\u00e9"})
  void aBadCursorIsInvalidArgument(String cursor) {
    FlockException failure =
        catchThrowableOfType(FlockException.class, () -> PageRequest.of(cursor, 10));

    assertThat(failure).as("cursor '%s'", cursor).isNotNull();
    assertThat(failure.reason()).isEqualTo(FlockException.Reason.INVALID_ARGUMENT);
    assertThat(failure)
        .hasMessage("This page link is not valid. Please start again from the first page.");
  }

  @Test
  void aFullPageCarriesACursorToTheRest() {
    PageRequest request = PageRequest.first(3);

    Page<String> page = Page.of(List.of("a", "b", "c", "d"), request, Function.identity());

    assertThat(page.items()).containsExactly("a", "b", "c");
    assertThat(page.nextCursor()).isNotEmpty().isNotEqualTo("c"); // opaque, not the bare key
    assertThat(PageRequest.of(page.nextCursor(), 3).after()).contains("c");
  }

  @Test
  void theLastPageHasNoCursor() {
    PageRequest request = PageRequest.first(3);

    assertThat(Page.of(List.of("a", "b", "c"), request, Function.identity()).nextCursor())
        .isEmpty();
    assertThat(Page.of(List.of("a"), request, Function.identity()).nextCursor()).isEmpty();
    assertThat(Page.<String>of(List.of(), request, Function.identity()))
        .isEqualTo(new Page<String>(List.of(), ""));
  }

  @Test
  void cursorsSurviveAnyKey() {
    for (String key : List.of("alice", "0001740830400000deadbeef", "ünïcödé ✓", "a/b+c=d")) {
      String cursor =
          Page.of(List.of(key, "next"), PageRequest.first(1), Function.identity()).nextCursor();

      assertThat(cursor).matches("[A-Za-z0-9_-]+");
      assertThat(PageRequest.of(cursor, 1).after()).isEqualTo(Optional.of(key));
    }
  }
}
