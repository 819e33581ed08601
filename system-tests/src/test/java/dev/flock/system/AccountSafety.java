package dev.flock.system;

import static dev.flock.system.SiteWalkThrough.PASSWORD;
import static dev.flock.system.SiteWalkThrough.fresh;
import static dev.flock.system.SiteWalkThrough.registered;
import static dev.flock.system.SiteWalkThrough.signedInAs;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A user's control over their account over HTTP: changing the password, seeing where they are
 * signed in, ending one session or all of them. Each browser may land on either web instance.
 */
abstract class AccountSafety {

  private static final String NEW_PASSWORD = "An0ther-secret";

  private final FlockSite.Running site;

  AccountSafety(FlockSite.Running site) {
    this.site = site;
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndEndsEveryOtherSessionButThisOne() {
    String pat = fresh("pat");
    Browser here = registered(pat, site.web(0));
    Browser elsewhere = signedIn(pat, PASSWORD, new Browser(site.web(1)));

    here.open("/settings");
    assertThat(changePassword(here, "not-my-password", NEW_PASSWORD, NEW_PASSWORD).text())
        .contains("Wrong username or password.");
    here.open("/settings");
    assertThat(changePassword(here, PASSWORD, NEW_PASSWORD, "something else").text())
        .contains("The two new passwords differ.");
    here.open("/settings");
    assertThat(changePassword(here, PASSWORD, "short", "short").text())
        .contains("A password has 8 to 128 characters.");
    assertThat(signedInAs(elsewhere.open("/"))).as("nothing changed yet").isEqualTo(pat);

    here.open("/settings");
    Browser.Page changed = changePassword(here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD);

    assertThat(changed.text()).contains("Your password is changed.");
    assertThat(signedInAs(here.on(site.web(1)).open("/"))).isEqualTo(pat);
    assertThat(signedInAs(elsewhere.open("/"))).isNull();
    Browser oldPassword = new Browser(site.web(0));
    oldPassword.open("/login");
    assertThat(
            oldPassword
                .submit("signin", "submit", Map.of("username", pat, "password", PASSWORD))
                .text())
        .contains("Wrong username or password.");
    assertThat(signedInAs(signedIn(pat, NEW_PASSWORD, new Browser(site.web(1))).open("/")))
        .isEqualTo(pat);
  }

  @Test
  void theSessionsPageShowsEachSessionAndEndsOneOrAll() {
    String quinn = fresh("quinn");
    Browser laptop = registered(quinn, site.web(0));
    Browser phone = signedIn(quinn, PASSWORD, new Browser(site.web(1)));

    Browser.Page sessions = laptop.open("/sessions");
    assertThat(sessions.document().select("table.sessions tbody tr")).hasSize(2);
    assertThat(sessions.text()).contains("This browser").contains("127.0.0.1");

    Browser.Page ended =
        laptop.submitFormMatching("form:has(input[name=session])", "submit", Map.of());
    assertThat(ended.text()).contains("That session has ended.");
    assertThat(ended.document().select("table.sessions tbody tr")).hasSize(1);
    assertThat(signedInAs(phone.open("/"))).isNull();
    assertThat(signedInAs(laptop.open("/"))).isEqualTo(quinn);

    Browser tablet = signedIn(quinn, PASSWORD, new Browser(site.web(1)));
    laptop.open("/sessions");
    Browser.Page everywhere = laptop.submit("everywhere", "submit", Map.of());

    assertThat(everywhere.url().getPath()).isEqualTo("/login");
    assertThat(everywhere.text()).contains("You are signed out everywhere");
    assertThat(signedInAs(laptop.open("/"))).isNull();
    assertThat(signedInAs(tablet.open("/"))).isNull();
  }

  @Test
  void aDeletedAccountsPostsAndLikesLeaveEveryPageAndItsOldSessionCookieIsDead() {
    String dave = fresh("dave");
    String erin = fresh("erin");
    Browser daves = registered(dave, site.web(0));
    Browser erins = registered(erin, site.web(1));
    erins.open("/users/" + dave);
    erins.submit("follow", "follow", Map.of());
    daves.open("/users/" + erin);
    daves.submit("follow", "follow", Map.of());
    daves.open("/");
    daves.submit("compose", "submit", Map.of("text", "soon gone"));
    assertThat(SiteWalkThrough.postsOn(erins.open("/"))).containsExactly("soon gone");
    erins.open("/");
    erins.submit("compose", "submit", Map.of("text", "liked by dave"));
    String erinsPost = daves.open("/users/" + erin).document().selectFirst("article.post").id();
    daves.press("#" + erinsPost + " button[name='like:like']");
    assertThat(erins.open("/users/" + erin).document().getElementById(erinsPost).text())
        .contains("♥ 1");
    String oldSession = daves.cookie("flock_session");

    daves.open("/settings");
    assertThat(daves.submit("delete", "submit", Map.of("password", "not-it")).text())
        .contains("Wrong username or password.");
    assertThat(SiteWalkThrough.postsOn(erins.open("/"))).containsExactly("soon gone");
    daves.open("/settings");
    Browser.Page deleted = daves.submit("delete", "submit", Map.of("password", PASSWORD));

    assertThat(deleted.text()).contains("Your account is deleted.");
    assertThat(SiteWalkThrough.postsOn(erins.open("/"))).isEmpty();
    assertThat(erins.open("/users/" + erin).text()).contains("0 followers");
    assertThat(erins.open("/users/" + erin).document().getElementById(erinsPost).text())
        .as("dave's like is gone with him")
        .contains("♥ 0");
    assertThat(new Browser(site.web(0)).open("/explore").text()).doesNotContain("soon gone");
    assertThat(erins.open("/users/" + dave).status()).isEqualTo(404);
    Browser withOldCookie = new Browser(site.web(1));
    withOldCookie.setCookie("flock_session", oldSession);
    assertThat(signedInAs(withOldCookie.open("/"))).isNull();
    Browser again = new Browser(site.web(0));
    again.open("/register");
    assertThat(
            again
                .submit(
                    "signup",
                    "submit",
                    Map.of("username", dave, "password", PASSWORD, "passwordAgain", PASSWORD))
                .text())
        .contains("is taken");
  }

  @Test
  void visitorsAreSentToSignIn() {
    Browser visitor = new Browser(site.web(0));
    assertThat(visitor.open("/settings").url().getPath()).isEqualTo("/login");
    assertThat(visitor.open("/sessions").url().getPath()).isEqualTo("/login");
  }

  private static Browser signedIn(String username, String password, Browser browser) {
    browser.open("/login");
    browser.submit("signin", "submit", Map.of("username", username, "password", password));
    return browser;
  }

  private static Browser.Page changePassword(
      Browser browser, String current, String replacement, String again) {
    return browser.submit(
        "password", "submit", Map.of("current", current, "new", replacement, "again", again));
  }
}
