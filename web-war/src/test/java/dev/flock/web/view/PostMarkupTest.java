package dev.flock.web.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.faces.config.WebConfiguration.DisableUnicodeEscaping;
import com.sun.faces.renderkit.html_basic.HtmlResponseWriter;
import dev.flock.web.backend.PostView;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The markup of a post, written through Payara Micro's own Faces ResponseWriter. */
class PostMarkupTest {

  private static final Instant NOW = Instant.parse("2026-12-04T11:45:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Instant WRITTEN = Instant.parse("2026-12-04T11:40:00Z");

  @Test
  void aVisitorSeesThePostItsTimesAndItsLikesWithoutAButton() throws IOException {
    PostView post = PostView.of("p1", "alice", "hello", WRITTEN, CLOCK).withLikes(3, false);

    assertThat(markup(post, false))
        .isEqualTo(
            "<article class=\"post\" id=\"post-p1\"><header>"
                + "<a class=\"author\" href=\"/site/users/alice\">@alice</a> "
                + "<time datetime=\"2026-12-04T11:40:00Z\" title=\"4 Dec 2026, 11:40 UTC\">"
                + "5 min ago</time></header>"
                + "<p class=\"post-text\">hello</p>"
                + "<footer><a class=\"reply-link\" href=\"/site/posts/p1\">Reply</a> "
                + "<span class=\"likes\">♥ 3</span></footer></article>");
  }

  @Test
  void signedInEachHeartIsAButtonOfThePagesLikeFormThatSaysWhatPressingItDoes() throws IOException {
    PostView notLiked = PostView.of("p1", "alice", "hello", WRITTEN, CLOCK).withLikes(3, false);
    PostView liked = notLiked.withLikes(4, true);

    assertThat(markup(notLiked, true))
        .contains(
            "<button type=\"submit\" form=\"likes\" class=\"likes\" name=\"like:like\" value=\"p1\""
                + " aria-pressed=\"false\">♥ 3</button>")
        .doesNotContain("<span class=\"likes\"");
    assertThat(markup(liked, true))
        .contains("name=\"like:unlike\" value=\"p1\" aria-pressed=\"true\">♥ 4</button>");
  }

  @Test
  void aReplyLinksToThePostItAnswers() throws IOException {
    PostView reply = PostView.of("p2", "bob", "yes", WRITTEN, CLOCK).withReplyTo("p1", "alice");

    assertThat(markup(reply, false))
        .contains(
            "</header><p class=\"replying\">replying to <a href=\"/site/posts/p1\">@alice</a></p>"
                + "<p class=\"post-text\">yes</p>");
    assertThat(markup(PostView.of("p1", "alice", "hi", WRITTEN, CLOCK), false))
        .doesNotContain("replying");
  }

  @Test
  void mentionsAndHashtagsBecomeLinksWithNothingBetweenTheParts() throws IOException {
    PostView post = PostView.of("p1", "alice", "hi @Bob, #Flock!", WRITTEN, CLOCK);

    assertThat(markup(post, false))
        .contains(
            "<p class=\"post-text\">hi <a class=\"mention\" href=\"/site/users/bob\">@Bob</a>, "
                + "<a class=\"tag\" href=\"/site/tags/flock\">#Flock</a>!</p>");
  }

  @Test
  void markupInATextANameOrATagIsText() throws IOException {
    String text = "<script>alert(1)</script> \"quoted\" & <b>bold</b> #tag<i> @bob<img>";
    PostView post =
        PostView.of("p\"1", "al<ice", text, WRITTEN, CLOCK).withReplyTo("p\"0", "<b>x</b>");

    String markup = markup(post, true);

    assertThat(markup)
        .doesNotContain("<script", "<b>", "<i>", "<img", "\"1", "\"0", "<ice")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<a class=\"tag\" href=\"/site/tags/tag\">#tag</a>&lt;i&gt;")
        .contains("<a class=\"mention\" href=\"/site/users/bob\">@bob</a>&lt;img&gt;")
        .contains(
            "id=\"post-p&quot;1\"", "href=\"/site/users/al&lt;ice\"", "@&lt;b&gt;x&lt;/b&gt;");
  }

  private static String markup(PostView post, boolean signedIn) throws IOException {
    StringWriter written = new StringWriter();
    HtmlResponseWriter out =
        new HtmlResponseWriter(
            written, "text/html", "UTF-8", false, false, DisableUnicodeEscaping.Auto, false);
    new PostMarkup(out, "/site", signedIn).write(post);
    out.flush();
    return written.toString();
  }
}
