package dev.flock.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NavigationTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/users/bob", "/users?q=a"})
  void aPathOfThisSiteIsWhereSigningInReturns(String next) {
    assertThat(Navigation.safeLocalPath(next)).isEqualTo(next);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "users"
      })
  void anythingElseReturnsHomeSoSignInIsNoOpenRedirect(String next) {
    assertThat(Navigation.safeLocalPath(next)).isEqualTo("/");
  }
}
