package dev.flock.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.web.http.BrowserRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoticesTest {

  private final Notices notices = new Notices();

  @ParameterizedTest
  @ValueSource(strings = {"notice=posted", "before=x&notice=posted", "notice=posted&notice=nope"})
  void aKnownKeyShowsItsText(String query) {
    notices.request = BrowserRequest.get("/").query(query);

    assertThat(notices.getText()).isEqualTo("Your post is published.");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"notice=", "notice=nope", "notice=%3Cb%3E", "notice=posted2", "before=", "x"})
  void anythingElseShowsNothing(String query) {
    notices.request = BrowserRequest.get("/").query(query);

    assertThat(notices.getText()).isNull();
  }
}
