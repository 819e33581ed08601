package dev.flock.system;

import static dev.flock.system.SiteWalkThrough.PASSWORD;
import static dev.flock.system.SiteWalkThrough.fresh;
import static dev.flock.system.SiteWalkThrough.postsOn;
import static dev.flock.system.SiteWalkThrough.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The rate limits over HTTP, on a site whose limits ({@link FlockSite#LOW_LIMITS}) are reached in a
 * few requests: over a limit is 429 with {@code Retry-After} and a sentence saying when to come
 * back, under it nothing is ever refused. Each test comes from addresses of its own ({@code
 * X-Forwarded-For}, which this site's web instance believes from this machine).
 */
abstract class RateLimits {

  private final FlockSite.Running site;

  RateLimits(FlockSite.Running site) {
    this.site = site;
  }

  @Test
  void signInFailuresForOneAccountFromManyAddressesAreLimitedWhileItsOwnerStaysSignedIn() {
    String grace = fresh("grace");
    Browser owner = registered(grace);

    for (int i = 0; i < 4; i++) {
      assertThat(signIn(new Browser(site.web(0)).forwardedFor(address()), grace, "wrong-guess"))
          .extracting(Browser.Page::status, page -> page.text().contains("Wrong username"))
          .containsExactly(200, true);
    }
    Browser.Page refused =
        signIn(new Browser(site.web(0)).forwardedFor(address()), grace, PASSWORD);

    assertTooManyRequests(
        refused, "Too many failed sign-ins for this account. Please try again in 15 minutes.");
    assertThat(refused.document().getElementById("signin"))
        .as("the form, to try later")
        .isNotNull();
    assertThat(signedInAs(owner.open("/"))).as("the owner's session goes on").isEqualTo(grace);

    // the owner's own browser (its device cookie) still signs in, from any address
    Browser ownersBrowserLater = new Browser(site.web(0)).forwardedFor(address());
    ownersBrowserLater.setCookie("flock_device", owner.cookie("flock_device"));
    assertThat(signedInAs(signIn(ownersBrowserLater, grace, PASSWORD))).isEqualTo(grace);
  }

  @Test
  void signInFailuresFromOneAddressAreLimitedWhateverTheAccount() {
    String from = address();
    String henry = fresh("henry");
    registered(henry);
    for (int i = 0; i < 6; i++) {
      signIn(new Browser(site.web(0)).forwardedFor(from), fresh("nobody"), PASSWORD);
    }

    assertTooManyRequests(
        signIn(new Browser(site.web(0)).forwardedFor(from), henry, PASSWORD),
        "Too many failed sign-ins from your network. Please try again in 5 minutes.");
    assertThat(
            signedInAs(signIn(new Browser(site.web(0)).forwardedFor(address()), henry, PASSWORD)))
        .isEqualTo(henry);
  }

  @Test
  void signUpsFromOneAddressAreLimitedAndTheRefusedOneIsNotCreated() {
    String from = address();
    for (int i = 0; i < 3; i++) {
      registeredFrom(from, fresh("ivy"));
    }
    String refusedName = fresh("ivy");
    Browser browser = new Browser(site.web(0)).forwardedFor(from);
    browser.open("/register");
    Browser.Page refused =
        browser.submit(
            "signup",
            "submit",
            Map.of("username", refusedName, "password", PASSWORD, "passwordAgain", PASSWORD));

    assertTooManyRequests(
        refused, "Too many sign-ups from your network. Please try again in 5 minutes.");
    assertThat(new Browser(site.web(0)).open("/users/" + refusedName).status()).isEqualTo(404);
    registeredFrom(address(), refusedName);
  }

  @Test
  void postsOverTheAccountsLimitAreRefusedKeepingTheTextAndWriteNothing() {
    String jack = fresh("jack");
    Browser browser = registered(jack);
    for (int i = 1; i <= 5; i++) {
      browser.open("/");
      assertThat(browser.submit("compose", "submit", Map.of("text", "post " + i)).text())
          .contains("Your post is published.");
    }
    browser.open("/");
    Browser.Page refused = browser.submit("compose", "submit", Map.of("text", "one too many"));

    assertTooManyRequests(refused, "You have posted a lot. Please try again in 3 hours.");
    assertThat(refused.document().selectFirst("textarea").text()).isEqualTo("one too many");
    assertThat(postsOn(browser.open("/users/" + jack)))
        .containsExactly("post 5", "post 4", "post 3", "post 2", "post 1");
  }

  @Test
  void followsOverTheAccountsLimitAreRefused() {
    String kim = fresh("kim");
    registered(kim);
    Browser browser = registered(fresh("lee"));
    for (int i = 0; i < 5; i++) {
      browser.open("/users/" + kim);
      assertThat(browser.submit("follow", "follow", Map.of()).text()).contains("You follow them");
      browser.open("/users/" + kim);
      browser.submit("follow", "unfollow", Map.of());
    }
    browser.open("/users/" + kim);

    assertTooManyRequests(
        browser.submit("follow", "follow", Map.of()),
        "You have followed many people today. Please try again in 24 hours.");
  }

  @Test
  void likesOverTheAccountsLimitAreRefusedAndTheRefusedOneIsNotWritten() {
    String nia = fresh("nia");
    Browser nias = registered(nia);
    nias.open("/");
    nias.submit("compose", "submit", Map.of("text", "like me"));
    Browser browser = registered(fresh("oz"));
    String post = browser.open("/users/" + nia).document().selectFirst("article.post").id();
    String like = "#" + post + " button[name='like:like']";
    for (int i = 0; i < 5; i++) {
      browser.open("/users/" + nia);
      String unlike = "#" + post + " button[name='like:unlike']";
      assertThat(browser.press(like).document().selectFirst(unlike).text()).contains("1");
      browser.open("/users/" + nia);
      browser.press(unlike);
    }
    browser.open("/users/" + nia);

    assertTooManyRequests(
        browser.press(like), "You have liked many posts today. Please try again in 24 hours.");
    assertThat(browser.open("/users/" + nia).document().selectFirst(like).text()).contains("0");
  }

  @Test
  void underTheLimitsEverydayUseIsNeverRefused() {
    String from = address();
    String mia = fresh("mia");
    Browser browser = registeredFrom(from, mia);
    for (int i = 0; i < 3; i++) {
      assertThat(signIn(new Browser(site.web(0)).forwardedFor(from), mia, "typo-typo").status())
          .isEqualTo(200);
    }
    // a success clears the account's failures, and is never counted as one itself
    for (int i = 0; i < 8; i++) {
      assertThat(signedInAs(signIn(new Browser(site.web(0)).forwardedFor(from), mia, PASSWORD)))
          .isEqualTo(mia);
    }
    assertThat(signIn(new Browser(site.web(0)).forwardedFor(address()), mia, "typo-typo").status())
        .isEqualTo(200);
    for (int i = 0; i < 4; i++) {
      browser.open("/");
      assertThat(browser.submit("compose", "submit", Map.of("text", "hello " + i)).status())
          .isEqualTo(200);
    }
  }

  private static void assertTooManyRequests(Browser.Page page, String sentence) {
    assertThat(page.status()).isEqualTo(429);
    long retryAfter =
        Long.parseLong(page.headers().firstValue("Retry-After").orElseThrow().strip());
    assertThat(retryAfter).isPositive();
    assertThat(page.text()).contains(sentence);
  }

  private Browser.Page signIn(Browser browser, String username, String password) {
    browser.open("/login");
    return browser.submit("signin", "submit", Map.of("username", username, "password", password));
  }

  private Browser registered(String username) {
    return registeredFrom(address(), username);
  }

  private Browser registeredFrom(String address, String username) {
    return SiteWalkThrough.registered(username, new Browser(site.web(0)).forwardedFor(address));
  }

  /** An address of the benchmarking range 198.18.0.0/15, most likely used by no other test. */
  private static String address() {
    int n = ThreadLocalRandom.current().nextInt(1 << 17);
    return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
  }
}
