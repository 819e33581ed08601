package dev.flock.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NavigationTest {

  @ParameterizedTest
  @ValueSource(strings = {"/", "/users/bob", "/users?q=a"})
  void aPathOfThisSiteIsWhereSigningInReturns(String next) {
    assertThat(Navigation.safeLocalPath(next)).isEqualTo(next);
  }

  @Test
  void whatIsNotAsciiIsSentPercentEncoded() {
    assertThat(Navigation.safeLocalPath("/users/b\u00f8b")).isEqualTo("/users/b%C3%B8b");
    assertThat(Navigation.safeLocalPath("/\uff0f/evil.example"))
        .isEqualTo("/%EF%BC%8F/evil.example");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "users",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/\u0000/evil.example",
        "/ /evil.example",
        "/%zz"
      })
  void anythingElseReturnsHomeSoSignInIsNoOpenRedirect(String next) {
    assertThat(Navigation.safeLocalPath(next)).isEqualTo("/");
  }
}
