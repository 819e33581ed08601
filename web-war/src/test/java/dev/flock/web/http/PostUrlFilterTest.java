package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bookmarkable post URLs reach their Faces view; anything else under /posts/ is a 404. */
class PostUrlFilterTest {

  private final PostUrlFilter filter = new PostUrlFilter();
  private final RecordingResponse response = new RecordingResponse();
  private final RestOfChain chain = RestOfChain.serving();

  @ParameterizedTest
  @ValueSource(strings = {"/posts/17000000000001234abcd", "/posts/17000000000001234abcd/"})
  void aPostUrlIsForwardedToItsViewWithTheIdAsAParameter(String path) throws Exception {
    BrowserRequest request = BrowserRequest.get(path).inContext("/flock");

    filter.doFilter(request, response, chain);

    assertThat(request.forwardedTo()).isEqualTo("/thread.xhtml?id=17000000000001234abcd");
    assertThat(chain.reached()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/posts",
        "/posts/",
        "/posts/ABC",
        "/posts/abc%26x=1",
        "/posts/abc/replies",
        "/posts/abc?x",
        "/posts/" + "a" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      })
  void anythingElseUnderPostsIs404(String path) throws Exception {
    BrowserRequest request = BrowserRequest.get(path);

    filter.doFilter(request, response, chain);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(request.forwardedTo()).isNull();
    assertThat(chain.reached()).isFalse();
  }
}
