package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bookmarkable URLs reach their Faces views; anything else under /users/, /posts/ or /tags/ is a
 * 404.
 */
class BookmarkableUrlFilterTest {

  private final BookmarkableUrlFilter filter = new BookmarkableUrlFilter();
  private final RecordingResponse response = new RecordingResponse();
  private final RestOfChain chain = RestOfChain.serving();

  @ParameterizedTest
  @ValueSource(strings = {"/users", "/users/"})
  void theUserListIsServedAsItIs(String path) throws Exception {
    BrowserRequest request = BrowserRequest.get(path);

    filter.doFilter(request, response, chain);

    assertThat(chain.reached()).isTrue();
    assertThat(request.forwardedTo()).isNull();
  }

  @ParameterizedTest
  @CsvSource({
    "/users/bob, /profile.xhtml?name=bob",
    "/users/bob/, /profile.xhtml?name=bob",
    "/users/bob/followers, /connections.xhtml?name=bob&list=followers",
    "/users/bob/likes, /profile.xhtml?name=bob&tab=likes",
    "/users/bob/following/, /connections.xhtml?name=bob&list=following",
    "/users/b%C3%B8b, /profile.xhtml?name=b%C3%B8b",
    "/users/a%26list%3Dfollowers, /profile.xhtml?name=a%26list%3Dfollowers",
    "/users/a%2Fb/followers, /connections.xhtml?name=a%2Fb&list=followers",
    "/posts/17000000000001234abcd, /thread.xhtml?id=17000000000001234abcd",
    "/posts/17000000000001234abcd/, /thread.xhtml?id=17000000000001234abcd",
    "/tags/flock, /tag.xhtml?tag=flock",
    "/tags/Flock/, /tag.xhtml?tag=Flock",
    "/tags/caf%C3%A9, /tag.xhtml?tag=caf%C3%A9",
    "/tags/a%26tag%3Dx, /tag.xhtml?tag=a%26tag%3Dx"
  })
  void aBookmarkableUrlIsForwardedToItsViewWithWhatItNamesAsParameters(String path, String view)
      throws Exception {
    BrowserRequest request = BrowserRequest.get(path);

    filter.doFilter(request, response, chain);

    assertThat(request.forwardedTo()).isEqualTo(view);
    assertThat(chain.reached()).isFalse();
    assertThat(response.errorSent()).isFalse();
  }

  @Test
  void theContextPathIsNotPartOfTheUrl() throws Exception {
    BrowserRequest request = BrowserRequest.get("/users/bob/followers").inContext("/flock");

    filter.doFilter(request, response, chain);

    assertThat(request.forwardedTo()).isEqualTo("/connections.xhtml?name=bob&list=followers");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/users/bob/posts",
        "/users/bob/followers/extra",
        "/users//followers",
        "/users/bob//",
        "/users/bob/followers/bob",
        "/posts",
        "/posts/",
        "/posts/ABC",
        "/posts/abc%26x=1",
        "/posts/abc/replies",
        "/posts/abc?x",
        "/posts/" + "a" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "/tags",
        "/tags/",
        "/tags/a/b",
        "/tags//"
      })
  void anythingElseUnderItsPrefixesIs404(String path) throws Exception {
    BrowserRequest request = BrowserRequest.get(path);

    filter.doFilter(request, response, chain);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(request.forwardedTo()).isNull();
    assertThat(chain.reached()).isFalse();
  }
}
