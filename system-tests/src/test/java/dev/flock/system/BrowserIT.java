package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The site in a real browser (headless Chromium), used like a person uses it: reading labels,
 * typing, pressing buttons. Shares the one booted site with {@link SiteIT}.
 */
@ExtendWith(FlockSite.class)
class BrowserIT {

  private static final String PASSWORD = "Passw0rd1";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final FlockSite.Running site;
  private ChromiumBrowsers browsers;

  BrowserIT(FlockSite.Running site) {
    this.site = site;
  }

  @BeforeEach
  void browsersAreInstalled() {
    ChromiumBrowsers.requireInstalled();
    browsers = new ChromiumBrowsers();
  }

  @AfterEach
  void quitBrowsers() {
    if (browsers != null) {
      browsers.close();
    }
  }

  @Test
  void twoPeopleFollowPostReadAndUnfollowInRealBrowsers() throws IOException {
    String alice = SiteIT.fresh("alice");
    String bob = SiteIT.fresh("bob");
    WebDriver aliceBrowser = browsers.open();
    register(aliceBrowser, site.web(0), alice);
    WebDriver bobBrowser = browsers.open();
    register(bobBrowser, site.web(1), bob);
    assertThat(bodyText(bobBrowser)).contains("Your feed is empty");

    // Bob finds Alice by name and follows her.
    visit(bobBrowser, site.web(1), "/users");
    fill(bobBrowser, "Username starts with", alice);
    press(
        bobBrowser,
        bobBrowser.findElement(
            By.xpath("//form[@role='search']//button[normalize-space()='Search']")));
    assertThat(currentUri(bobBrowser).getPath()).isEqualTo("/users");
    press(bobBrowser, bobBrowser.findElement(By.linkText("@" + alice)));
    assertThat(currentUri(bobBrowser).getPath()).isEqualTo("/users/" + alice);
    assertThat(bobBrowser.findElement(By.tagName("h1")).getText()).isEqualTo("@" + alice);
    assertThat(followersCount(bobBrowser)).isEqualTo("0 followers");
    press(bobBrowser, button(bobBrowser, "Follow"));
    assertThat(notice(bobBrowser)).contains("You follow them now");
    assertThat(followersCount(bobBrowser)).isEqualTo("1 follower");
    assertThat(bobBrowser.findElements(By.cssSelector("input[type=submit][value=Unfollow]")))
        .hasSize(1);
    pageIsSane(bobBrowser);

    // Alice posts markup, a quote and an ampersand; it is shown as the very text she typed.
    String text = "Look: <b>markup</b> & a \"quote\" from @" + alice;
    visit(aliceBrowser, site.web(0), "/");
    fill(aliceBrowser, "What's happening?", text);
    press(aliceBrowser, button(aliceBrowser, "Post"));
    assertThat(notice(aliceBrowser)).isEqualTo("Your post is published.");
    pageIsSane(aliceBrowser);

    visit(bobBrowser, site.web(1), "/");
    List<WebElement> posts = bobBrowser.findElements(By.cssSelector("article.post"));
    assertThat(posts).hasSize(1);
    WebElement post = posts.get(0);
    assertThat(post.findElements(By.tagName("b"))).isEmpty();
    // The markup stays text: the one element in it is the link that the mention became.
    List<WebElement> inText = post.findElements(By.cssSelector(".post-text *"));
    assertThat(inText).hasSize(1);
    assertThat(inText.get(0).getTagName()).isEqualTo("a");
    assertThat(inText.get(0).getDomAttribute("class")).isEqualTo("mention");
    assertThat(inText.get(0).getText()).isEqualTo("@" + alice);
    assertThat(post.findElement(By.cssSelector(".post-text")).getText()).isEqualTo(text);
    assertThat(post.findElement(By.cssSelector(".post-text")).getDomProperty("textContent"))
        .isEqualTo(text);
    assertThat(post.findElement(By.cssSelector("a.author")).getText()).isEqualTo("@" + alice);
    screenshot(bobBrowser, "home-feed.png");

    // A post that is too long is refused with a message, and what was typed stays in the box.
    String tooLong = "z".repeat(281);
    fill(bobBrowser, "What's happening?", tooLong);
    press(bobBrowser, button(bobBrowser, "Post"));
    assertThat(bobBrowser.findElement(By.cssSelector(".errors")).getText())
        .contains("A post has at most 280 characters.");
    assertThat(labelled(bobBrowser, "What's happening?").getDomProperty("value"))
        .isEqualTo(tooLong);
    assertThat(bobBrowser.findElements(By.cssSelector("p.notice"))).isEmpty();
    pageIsSane(bobBrowser);

    // Bob unfollows Alice: her post leaves his feed.
    visit(bobBrowser, site.web(1), "/users/" + alice);
    press(bobBrowser, button(bobBrowser, "Unfollow"));
    assertThat(notice(bobBrowser)).isEqualTo("You no longer follow them.");
    assertThat(followersCount(bobBrowser)).isEqualTo("0 followers");
    assertThat(bobBrowser.findElements(By.cssSelector("input[type=submit][value=Follow]")))
        .hasSize(1);
    press(bobBrowser, bobBrowser.findElement(By.linkText("Home")));
    assertThat(bobBrowser.findElements(By.cssSelector("article.post"))).isEmpty();
    assertThat(bodyText(bobBrowser)).contains("Your feed is empty");

    // Bob signs out: the session cookie is gone and the header offers to sign in.
    press(bobBrowser, button(bobBrowser, "Sign out"));
    assertThat(notice(bobBrowser)).contains("You are signed out.");
    assertThat(bobBrowser.manage().getCookieNamed("flock_session")).isNull();
    assertThat(bobBrowser.findElements(By.linkText("Sign in"))).hasSize(1);
    assertThat(bobBrowser.findElements(By.cssSelector("a.me"))).isEmpty();
    pageIsSane(bobBrowser);
    pageIsSane(aliceBrowser);
  }

  /**
   * The README's tour of the features, in screenshots (docs/tour/): the live "new posts" notice,
   * mentions, hashtags, the character counter, likes and replies, each checked before it is taken.
   */
  @Test
  void theTourOfTheFeaturesInScreenshots() throws IOException {
    String ann = SiteIT.fresh("ann");
    String ben = SiteIT.fresh("ben");
    String tag = SiteIT.fresh("flocktour"); // a tag of this run alone
    WebDriver annBrowser = tourBrowser();
    register(annBrowser, site.web(0), ann);
    WebDriver benBrowser = tourBrowser();
    register(benBrowser, site.web(1), ben);
    visit(benBrowser, site.web(1), "/users/" + ann);
    press(benBrowser, button(benBrowser, "Follow"));
    assertThat(notice(benBrowser)).contains("You follow them now");
    visit(benBrowser, site.web(1), "/"); // and keeps his home page open

    // Ann mentions Ben under a hashtag, then writes an emoji, which the counter counts as one.
    String mention = "Welcome to Flock, @" + ben + "! Say hello under #" + tag;
    fill(annBrowser, "What's happening?", mention);
    press(annBrowser, button(annBrowser, "Post"));
    assertThat(notice(annBrowser)).isEqualTo("Your post is published.");
    // Ben's open home page says so, without a reload.
    new WebDriverWait(benBrowser, Duration.ofSeconds(2))
        .until(ExpectedConditions.textToBe(By.cssSelector("#live a"), "1 new post"));
    tourScreenshot(benBrowser, "tour-live.png");
    String emoji = "Morning coffee with the flock \u2615\uD83D\uDC26";
    labelled(annBrowser, "What's happening?").click();
    insertText(annBrowser, emoji);
    assertThat(labelled(annBrowser, "What's happening?").getDomProperty("value")).isEqualTo(emoji);
    assertThat(characterCount(annBrowser).getText()).isEqualTo("248 characters left");
    tourScreenshot(annBrowser, "tour-compose.png");
    press(annBrowser, button(annBrowser, "Post"));
    assertThat(notice(annBrowser)).isEqualTo("Your post is published.");

    // Ben likes the post in his feed, opens it with its Reply link and answers.
    visit(benBrowser, site.web(1), "/");
    WebElement post = postReading(benBrowser, mention);
    String postId = post.getDomAttribute("id");
    press(benBrowser, post.findElement(By.cssSelector("button.likes[name='like:like']")));
    post = benBrowser.findElement(By.id(postId));
    WebElement heart = post.findElement(By.cssSelector("button.likes"));
    assertThat(heart.getText()).isEqualTo("\u2665 1");
    assertThat(heart.getDomAttribute("aria-pressed")).isEqualTo("true");
    assertThat(heart.getDomAttribute("name")).isEqualTo("like:unlike");
    press(benBrowser, post.findElement(By.cssSelector("a.reply-link")));
    assertThat(currentUri(benBrowser).getPath())
        .isEqualTo("/posts/" + postId.substring("post-".length()));
    String reply = "Thanks @" + ann + ", hello from me #" + tag;
    fill(benBrowser, "Reply to @" + ann, reply);
    press(benBrowser, button(benBrowser, "Reply"));
    assertThat(notice(benBrowser)).isEqualTo("Your reply is published.");
    assertThat(postTexts(benBrowser.findElement(By.cssSelector("section.thread-post"))))
        .containsExactly(mention);
    WebElement replies = benBrowser.findElement(By.cssSelector("section.replies"));
    assertThat(postTexts(replies)).containsExactly(reply);
    assertThat(replies.findElement(By.cssSelector("article.post .replying")).getText())
        .isEqualTo("replying to @" + ann);
    tourScreenshot(benBrowser, "tour-thread.png");

    // Explore: everyone's posts, newest first.
    press(benBrowser, benBrowser.findElement(By.linkText("Explore")));
    assertThat(currentUri(benBrowser).getPath()).isEqualTo("/explore");
    assertThat(postTexts(benBrowser)).containsSubsequence(reply, emoji, mention);
    tourScreenshot(benBrowser, "tour-explore.png");

    // The hashtag is a link to the tag's posts.
    press(benBrowser, postReading(benBrowser, mention).findElement(By.cssSelector("a.tag")));
    assertThat(currentUri(benBrowser).getPath()).isEqualTo("/tags/" + tag);
    assertThat(benBrowser.findElement(By.tagName("h1")).getText()).isEqualTo("#" + tag);
    assertThat(postTexts(benBrowser)).containsExactly(reply, mention);
    tourScreenshot(benBrowser, "tour-tag.png");

    // Ben's mentions: the post of Ann's that names him.
    press(benBrowser, benBrowser.findElement(By.linkText("Mentions")));
    assertThat(currentUri(benBrowser).getPath()).isEqualTo("/mentions");
    assertThat(postTexts(benBrowser)).containsExactly(mention);
    assertThat(postReading(benBrowser, mention).findElement(By.cssSelector("a.mention")).getText())
        .isEqualTo("@" + ben);
    tourScreenshot(benBrowser, "tour-mentions.png");

    // Ann sees on Ben's Likes tab the post he liked.
    visit(annBrowser, site.web(0), "/users/" + ben);
    press(annBrowser, annBrowser.findElement(By.linkText("Likes")));
    assertThat(currentUri(annBrowser).getPath()).isEqualTo("/users/" + ben + "/likes");
    assertThat(annBrowser.findElement(By.cssSelector("nav.tabs a[aria-current=page]")).getText())
        .isEqualTo("Likes");
    assertThat(postTexts(annBrowser)).containsExactly(mention);
    assertThat(postReading(annBrowser, mention).findElement(By.cssSelector(".likes")).getText())
        .isEqualTo("\u2665 1");
    tourScreenshot(annBrowser, "tour-likes.png");
  }

  @Test
  void theComposeBoxCountsTheCharactersLeftAsTheServerCountsThem() throws Exception {
    String erin = SiteIT.fresh("erin");
    WebDriver browser = browsers.open();
    register(browser, site.web(0), erin);
    WebElement box = labelled(browser, "What's happening?");
    WebElement count = characterCount(browser);
    assertThat(count.getText()).isEqualTo("280 characters left");
    assertThat(count.getDomAttribute("aria-live")).isEqualTo("polite");
    assertThat(box.getDomAttribute("aria-describedby")).isEqualTo(count.getDomAttribute("id"));
    assertThat(box.getDomAttribute("maxlength")).isNull();

    // Keys, then emoji and a decomposed é as an input method inserts them: an emoji is one
    // character (two UTF-16 units), e + combining accent one (NFC).
    box.sendKeys("Hi ");
    assertThat(count.getText())
        .as("not counting the space at the end")
        .isEqualTo("278 characters left");
    insertText(browser, "\uD83D\uDC69\uD83D\uDC26 cafe\u0301");
    assertThat(count.getText()).isEqualTo("270 characters left");
    insertText(browser, "z".repeat(270));
    assertThat(count.getText()).isEqualTo("0 characters left");
    assertThat(count.getDomAttribute("class")).isEqualTo("count");

    // Over the limit: marked, and the server agrees (the count is there again on its answer).
    insertText(browser, "\uD83D\uDC69");
    assertThat(count.getText()).isEqualTo("-1 character left");
    assertThat(count.getDomAttribute("class")).isEqualTo("count over");
    assertThat(count.getCssValue("color")).isEqualTo("rgba(168, 35, 27, 1)");
    press(browser, button(browser, "Post"));
    assertThat(browser.findElement(By.cssSelector(".errors")).getText())
        .contains("A post has at most 280 characters.");
    assertThat(characterCount(browser).getText()).isEqualTo("-1 character left");
    assertThat(characterCount(browser).getDomAttribute("class")).isEqualTo("count over");

    // Back to 280 characters (283 UTF-16 units): it is posted.
    box = labelled(browser, "What's happening?");
    box.sendKeys(Keys.BACK_SPACE);
    assertThat(characterCount(browser).getText()).isEqualTo("0 characters left");
    String typed = box.getDomProperty("value");
    assertThat(typed).hasSize(283);
    press(browser, button(browser, "Post"));
    assertThat(notice(browser)).isEqualTo("Your post is published.");
    assertThat(characterCount(browser).getText()).isEqualTo("280 characters left");
    visit(browser, site.web(0), "/users/" + erin);
    assertThat(browser.findElement(By.cssSelector("article.post .post-text")).getText())
        .isEqualTo(Normalizer.normalize(typed, Normalizer.Form.NFC));
    assertThat(browser.findElements(By.cssSelector(".count")))
        .as("only on the home page")
        .isEmpty();

    // The script is a file of the site's own, served as JavaScript (nosniff would refuse it else).
    visit(browser, site.web(0), "/");
    String script = browser.findElement(By.cssSelector("script")).getDomProperty("src");
    HttpResponse<Void> served =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(script)).build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
    assertThat(served.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void theSessionCookieIsHttpOnlyLaxAndHiddenFromScripts() {
    String carol = SiteIT.fresh("carol");
    WebDriver browser = browsers.open();
    register(browser, site.web(0), carol);

    Cookie session = browser.manage().getCookieNamed("flock_session");
    assertThat(session).as("flock_session cookie after registering").isNotNull();
    assertThat(session.getValue()).isNotBlank();
    assertThat(session.isHttpOnly()).as("flock_session HttpOnly").isTrue();
    assertThat(session.getSameSite()).as("flock_session SameSite").isEqualTo("Lax");
    assertThat(session.getPath()).isEqualTo("/");
    Cookie csrf = browser.manage().getCookieNamed("flock_csrf");
    assertThat(csrf).as("flock_csrf cookie").isNotNull();
    assertThat(csrf.isHttpOnly()).as("flock_csrf HttpOnly").isTrue();
    assertThat(csrf.getSameSite()).as("flock_csrf SameSite").isEqualTo("Lax");

    for (String path : List.of("/", "/users", "/users/" + carol)) {
      visit(browser, site.web(1), path);
      String scriptVisible =
          (String) ((JavascriptExecutor) browser).executeScript("return document.cookie;");
      assertThat(scriptVisible)
          .as("document.cookie on %s", path)
          .doesNotContain(session.getValue())
          .doesNotContain(csrf.getValue())
          .doesNotContain("flock_session")
          .doesNotContain("flock_csrf");
      assertThat(signedInAs(browser)).isEqualTo(carol);
      pageIsSane(browser);
    }
  }

  @Test
  void anOpenHomePageShowsNewPostsOfThePeopleFollowedWithinTwoSecondsAlsoAcrossAWebRestart() {
    String reader = SiteIT.fresh("reader");
    String author = SiteIT.fresh("author");
    WebDriver readerBrowser = browsers.open();
    register(readerBrowser, site.web(0), reader);
    WebDriver authorBrowser = browsers.open();
    register(authorBrowser, site.web(1), author);
    visit(readerBrowser, site.web(0), "/users/" + author);
    press(readerBrowser, button(readerBrowser, "Follow"));
    visit(readerBrowser, site.web(0), "/");
    WebElement live = readerBrowser.findElement(By.id("live"));
    assertThat(live.isDisplayed()).isFalse();

    publish(authorBrowser, "the first live post");
    new WebDriverWait(readerBrowser, Duration.ofSeconds(2))
        .until(ExpectedConditions.textToBe(By.cssSelector("#live a"), "1 new post"));
    assertThat(live.isDisplayed()).isTrue();

    // The reader's page stays open while its web instance restarts: the browser opens the stream
    // again by itself, and is told of what it missed.
    site.restartWeb(0);
    // Reconnecting takes as long as the browser's backoff after the refusals of the restart;
    // from then on a post shows within 2 s again.
    new WebDriverWait(readerBrowser, Duration.ofSeconds(30))
        .until(ExpectedConditions.attributeToBe(By.id("live"), "data-stream", "open"));
    publish(authorBrowser, "the second, across a restart");
    new WebDriverWait(readerBrowser, Duration.ofSeconds(2))
        .until(ExpectedConditions.textToBe(By.cssSelector("#live a"), "2 new posts"));

    press(readerBrowser, readerBrowser.findElement(By.cssSelector("#live a")));
    assertThat(
            readerBrowser.findElements(By.cssSelector("article.post .post-text")).stream()
                .map(WebElement::getText))
        .containsExactly("the second, across a restart", "the first live post");
    assertThat(readerBrowser.findElement(By.id("live")).isDisplayed()).isFalse();
    pageIsSane(readerBrowser);
  }

  private void publish(WebDriver author, String text) {
    visit(author, site.web(1), "/");
    fill(author, "What's happening?", text);
    press(author, button(author, "Post"));
    assertThat(notice(author)).isEqualTo("Your post is published.");
  }

  @Test
  void everythingWorksWithJavaScriptTurnedOff() {
    String dave = SiteIT.fresh("dave");
    WebDriver browser = browsers.open(false);
    register(browser, site.web(1), dave);
    assertThat(browser.findElements(By.cssSelector(".count")))
        .as("no count of characters left")
        .isEmpty();
    assertThat(browser.findElement(By.id("live")).isDisplayed()).as("no live notice").isFalse();

    fill(browser, "What's happening?", "typed & posted without JavaScript");
    press(browser, button(browser, "Post"));
    assertThat(notice(browser)).isEqualTo("Your post is published.");
    press(browser, browser.findElement(By.cssSelector("a.me")));
    assertThat(browser.findElement(By.cssSelector("article.post .post-text")).getText())
        .isEqualTo("typed & posted without JavaScript");
    assertThat(bodyText(browser)).contains("This is you.");
    pageIsSane(browser);

    visit(browser, site.web(0), "/login");
    assertThat(signedInAs(browser)).isEqualTo(dave); // the session works on the other instance too
    press(browser, button(browser, "Sign out"));
    assertThat(notice(browser)).contains("You are signed out.");
    assertThat(browser.manage().getCookieNamed("flock_session")).isNull();

    press(browser, browser.findElement(By.linkText("Sign in")));
    fill(browser, "Username", dave);
    fill(browser, "Password", PASSWORD);
    press(browser, button(browser, "Sign in"));
    assertThat(signedInAs(browser)).isEqualTo(dave);
    pageIsSane(browser);
  }

  @Test
  void aPageOnAnotherSiteCannotPostFollowOrSignInAsTheSignedInVictim() throws IOException {
    String victim = SiteIT.fresh("victim");
    String attacker = SiteIT.fresh("attacker");
    WebDriver attackerBrowser = browsers.open();
    register(attackerBrowser, site.web(1), attacker);
    WebDriver browser = browsers.open();
    register(browser, site.web(0), victim);
    URI web = site.web(0);
    String forged = "compose=compose&compose:text=pwned&compose:submit=Post&" + VIEW_STATE;
    String fields =
        hidden("follow", "follow")
            + hidden("follow:follow", "Follow")
            + hidden("jakarta.faces.ViewState", "stateless");
    String signIn =
        hidden("signin", "signin")
            + hidden("signin:username", attacker)
            + hidden("signin:password", PASSWORD)
            + hidden("signin:submit", "Sign in")
            + hidden("jakarta.faces.ViewState", "stateless");
    String page =
        "<!DOCTYPE html><title>Win a prize</title>"
            + "<a id='link' href='"
            + web.resolve("/?" + forged)
            + "'>a plain link</a>"
            + "<form method='post' action='"
            + web.resolve("/users/" + attacker)
            + "'>"
            + fields
            + "<button id='follow'>follow</button></form>"
            + "<form method='post' action='"
            + web.resolve("/login")
            + "'>"
            + signIn
            + "<button id='signin'>sign in</button></form>"
            + "<form method='get' action='"
            + web.resolve("/")
            + "'>"
            + hidden("signout", "signout")
            + hidden("signout:submit", "Sign out")
            + hidden("jakarta.faces.ViewState", "stateless")
            + "<button id='signout'>sign out</button></form>";
    try (AnotherSite evil = new AnotherSite(page)) {
      for (String id : List.of("link", "follow", "signin", "signout")) {
        browser.get(evil.url().toString());
        assertThat(browser.getTitle()).isEqualTo("Win a prize");
        browser.findElement(By.id(id)).click();
        new WebDriverWait(browser, WAIT)
            .until(driver -> !driver.getCurrentUrl().startsWith(evil.url().toString()));
        assertThat(bodyText(browser)).as("after the %s", id).contains("This form has expired");
      }
    }

    visit(browser, site.web(0), "/users/" + victim);
    assertThat(signedInAs(browser)).isEqualTo(victim);
    assertThat(browser.findElements(By.cssSelector("article.post"))).isEmpty();
    assertThat(bodyText(browser)).contains("0 following");
    visit(browser, site.web(0), "/users/" + attacker);
    assertThat(followersCount(browser)).isEqualTo("0 followers");
  }

  private static String hidden(String name, String value) {
    return "<input type='hidden' name='" + name + "' value='" + value + "'>";
  }

  private static final String VIEW_STATE = "jakarta.faces.ViewState=stateless";

  /** A page served from another origin (127.0.0.1 on a port of its own, the site is localhost). */
  private static final class AnotherSite implements AutoCloseable {
    private final HttpServer server;

    AnotherSite(String html) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/",
          exchange -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }

    URI url() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  // --- like a person: by labels and button captions ------------------------------------------

  private void register(WebDriver browser, URI web, String username) {
    visit(browser, web, "/");
    press(browser, browser.findElement(By.linkText("Create account")));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Create an account");
    fill(browser, "Username", username);
    fill(browser, "Password", PASSWORD);
    fill(browser, "Password again", PASSWORD);
    press(browser, button(browser, "Create account"));
    assertThat(notice(browser)).as("registering %s", username).contains("Welcome to Flock!");
    assertThat(signedInAs(browser)).isEqualTo(username);
    pageIsSane(browser);
  }

  private static void visit(WebDriver browser, URI web, String path) {
    browser.get(web.resolve(path).toString());
    pageIsSane(browser);
  }

  /**
   * The input or textarea labelled {@code label} (plus an optional parenthesised hint), found
   * through the label's for=.
   */
  private static WebElement labelled(WebDriver browser, String label) {
    List<WebElement> labels =
        browser.findElements(By.tagName("label")).stream()
            .filter(
                element -> {
                  String text = element.getText().trim();
                  return text.equals(label)
                      || text.startsWith(
                          label + " ("); // "What's happening? (at most 280 characters)"
                })
            .toList();
    assertThat(labels).as("label '%s' on %s", label, browser.getCurrentUrl()).hasSize(1);
    String id = labels.get(0).getDomAttribute("for");
    assertThat(id).as("for= of label '%s'", label).isNotBlank();
    return browser.findElement(By.id(id));
  }

  private static void fill(WebDriver browser, String label, String value) {
    WebElement field = labelled(browser, label);
    field.clear();
    field.sendKeys(value);
    assertThat(field.getDomProperty("value")).isEqualTo(value);
  }

  private static WebElement button(WebDriver browser, String caption) {
    List<WebElement> buttons =
        browser.findElements(By.cssSelector("input[type=submit], button")).stream()
            .filter(
                element ->
                    caption.equals(element.getDomProperty("value"))
                        || caption.equals(element.getText().trim()))
            .toList();
    assertThat(buttons).as("button '%s' on %s", caption, browser.getCurrentUrl()).hasSize(1);
    return buttons.get(0);
  }

  /** Clicks and waits until the browser shows the next page. */
  private static void press(WebDriver browser, WebElement element) {
    WebElement page = browser.findElement(By.tagName("html"));
    element.click();
    // While the old page goes away Chromium may answer "node does not belong to the document"
    // (an unknown error, not a stale element): ask again until the page is gone for good.
    new WebDriverWait(browser, WAIT)
        .ignoring(WebDriverException.class)
        .until(ExpectedConditions.stalenessOf(page));
    new WebDriverWait(browser, WAIT)
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("footer.site-footer")));
    pageIsSane(browser);
  }

  /** The compose box's count of characters left, which its script adds. */
  private static WebElement characterCount(WebDriver browser) {
    return browser.findElement(By.cssSelector("form#compose .count"));
  }

  /**
   * Inserts {@code text} at the caret as an input method does: ChromeDriver types only characters
   * of the Basic Multilingual Plane, and no emoji.
   */
  private static void insertText(WebDriver browser, String text) {
    ((HasCdp) browser).executeCdpCommand("Input.insertText", Map.of("text", text));
  }

  /** A browser for the tour's screenshots: small enough for a README. */
  private WebDriver tourBrowser() {
    WebDriver browser = browsers.open();
    browser.manage().window().setSize(new Dimension(900, 900));
    return browser;
  }

  /** The one post on the page that reads {@code text}. */
  private static WebElement postReading(WebDriver browser, String text) {
    List<WebElement> posts =
        browser.findElements(By.cssSelector("article.post")).stream()
            .filter(post -> post.findElement(By.cssSelector(".post-text")).getText().equals(text))
            .toList();
    assertThat(posts).as("posts reading '%s' on %s", text, browser.getCurrentUrl()).hasSize(1);
    return posts.get(0);
  }

  /** The texts of the posts in {@code where}, in page order. */
  private static List<String> postTexts(SearchContext where) {
    return where.findElements(By.cssSelector("article.post .post-text")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private static String notice(WebDriver browser) {
    List<WebElement> notices = browser.findElements(By.cssSelector("p.notice[role=status]"));
    assertThat(notices)
        .as("notice on %s: %s", browser.getCurrentUrl(), bodyText(browser))
        .hasSize(1);
    return notices.get(0).getText();
  }

  private static String followersCount(WebDriver browser) {
    return browser.findElement(By.cssSelector("ul.counts a[href$='/followers']")).getText();
  }

  private static String signedInAs(WebDriver browser) {
    if (browser.findElements(By.id("signout")).isEmpty()) {
      return null;
    }
    List<WebElement> me = browser.findElements(By.cssSelector("a.me"));
    return me.isEmpty() ? null : me.get(0).getText().substring(1);
  }

  private static String bodyText(WebDriver browser) {
    return browser.findElement(By.tagName("body")).getText();
  }

  private static URI currentUri(WebDriver browser) {
    return URI.create(browser.getCurrentUrl());
  }

  /**
   * Every page: no container session, no inline script (only Flock's own script files), Flock's
   * stylesheet applied.
   */
  private static void pageIsSane(WebDriver browser) {
    assertThat(browser.manage().getCookies())
        .as("cookies on %s", browser.getCurrentUrl())
        .noneMatch(cookie -> cookie.getName().equalsIgnoreCase("JSESSIONID"));
    for (WebElement script : browser.findElements(By.tagName("script"))) {
      assertThat(script.getDomAttribute("src"))
          .as("a script's src on %s", browser.getCurrentUrl())
          .matches("/jakarta\\.faces\\.resource/js/[a-z]+\\.js\\.xhtml");
      assertThat(script.getDomProperty("text"))
          .as("a script's inline text on %s", browser.getCurrentUrl())
          .isEmpty();
    }
    assertThat(
            browser.findElements(
                By.cssSelector("[onclick], [onsubmit], [onchange], a[href^='javascript:']")))
        .as("script attributes on %s", browser.getCurrentUrl())
        .isEmpty();
    assertThat(browser.findElements(By.cssSelector("link[rel=stylesheet][href*='flock.css']")))
        .as("stylesheet on %s", browser.getCurrentUrl())
        .hasSize(1);
    assertThat(browser.findElement(By.tagName("body")).getCssValue("background-color"))
        .as("styled body on %s", browser.getCurrentUrl())
        .isEqualTo("rgba(244, 246, 248, 1)");
  }

  private static void screenshot(WebDriver browser, String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    Files.write(SCREENSHOTS.resolve(name), png);
  }

  /**
   * A screenshot of the README's tour: in target/screenshots and in the repository's docs/tour/, so
   * that a test run refreshes the committed pictures.
   */
  private static void tourScreenshot(WebDriver browser, String name) throws IOException {
    screenshot(browser, name);
    Path tour = Files.createDirectories(repositoryRoot().resolve("docs").resolve("tour"));
    Files.copy(SCREENSHOTS.resolve(name), tour.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The repository's root: the nearest folder at or above the working directory (failsafe's is the
   * module's, system-tests/) that holds both ./flock and the parent pom.xml.
   */
  private static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path folder = start; folder != null; folder = folder.getParent()) {
      if (Files.isRegularFile(folder.resolve("flock"))
          && Files.isRegularFile(folder.resolve("pom.xml"))) {
        return folder;
      }
    }
    throw new AssertionError("No folder with ./flock and pom.xml at or above " + start);
  }
}
