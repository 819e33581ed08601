package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The site as a user meets it, through two interchangeable web instances: run on every storage
 * ({@link SiteIT} in memory, {@link EtcdSiteIT} on a 3-member etcd cluster with two backends).
 */
abstract class SiteWalkThrough {

  static final String PASSWORD = "Passw0rd1";

  /** How a post's exact time reads: "4 Dec 2026, 11:45 UTC". */
  private static final DateTimeFormatter EXACT_TIME =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  final FlockSite.Running site;

  SiteWalkThrough(FlockSite.Running site) {
    this.site = site;
  }

  @Test
  void followPostReadUnfollowWalkThrough() {
    followPostReadUnfollow(site.web(0), site.web(1));
  }

  /**
   * Alice (on {@code first}) and Bob (on {@code second}) sign up; Bob follows Alice, reads her post
   * in his feed and unfollows her. Also what the container tests walk through a load balancer.
   */
  static void followPostReadUnfollow(URI first, URI second) {
    String alice = fresh("alice");
    String bob = fresh("bob");
    Browser aliceBrowser = registered(alice, first);
    Browser bobBrowser = registered(bob, second);

    assertThat(bobBrowser.open("/").text())
        .contains("Your feed is empty")
        .contains("Find people to follow");

    bobBrowser.open("/users/" + alice);
    Browser.Page followed = bobBrowser.submit("follow", "follow", Map.of());
    assertThat(followed.url().getPath()).isEqualTo("/users/" + alice);
    assertThat(followed.text()).contains("You follow them now").contains("1 follower");
    assertThat(followed.document().getElementById("follow:unfollow")).isNotNull();

    aliceBrowser.open("/");
    Browser.Page posted =
        aliceBrowser.submit("compose", "submit", Map.of("text", "Hello from " + alice));
    assertThat(posted.text()).contains("Your post is published.");

    Browser.Page feed = bobBrowser.open("/");
    assertThat(postsOn(feed)).containsExactly("Hello from " + alice);
    Element shownAt = feed.document().selectFirst("article.post time");
    Instant writtenAt = Instant.parse(shownAt.attr("datetime"));
    assertThat(writtenAt).isBefore(Instant.now().plusSeconds(1));
    assertThat(shownAt.text()).as("how long ago").isEqualTo("just now");
    assertThat(shownAt.attr("title"))
        .as("the exact time, as a tooltip")
        .isEqualTo(EXACT_TIME.format(writtenAt));
    assertThat(bobBrowser.open("/users/" + bob + "/following").text()).contains("@" + alice);
    assertThat(aliceBrowser.open("/users/" + alice + "/followers").text()).contains("@" + bob);

    bobBrowser.open("/users/" + alice);
    assertThat(bobBrowser.submit("follow", "unfollow", Map.of()).text())
        .contains("You no longer follow them");
    assertThat(postsOn(bobBrowser.open("/"))).isEmpty();

    assertThat(aliceBrowser.setCookieHeaders())
        .noneMatch(header -> header.toUpperCase().contains("JSESSIONID"));
    assertThat(bobBrowser.setCookieHeaders())
        .noneMatch(header -> header.toUpperCase().contains("JSESSIONID"));
  }

  @Test
  void theFeedShowsNewestFirstTwentyPerPageWithAStableCursor() {
    String writer = fresh("writer");
    String reader = fresh("reader");
    Browser writerBrowser = registered(writer, site.web(0));
    Browser readerBrowser = registered(reader, site.web(1));
    readerBrowser.open("/users/" + writer);
    readerBrowser.submit("follow", "follow", Map.of());
    for (int i = 1; i <= 23; i++) {
      writerBrowser.open("/");
      writerBrowser.submit("compose", "submit", Map.of("text", "post " + i));
    }

    Browser.Page first = readerBrowser.open("/");
    assertThat(postsOn(first)).hasSize(20).first().isEqualTo("post 23");
    Element older = first.document().selectFirst("a.older");
    assertThat(older).isNotNull();

    writerBrowser.open("/");
    writerBrowser.submit("compose", "submit", Map.of("text", "post 24, while reading"));

    Browser.Page second = readerBrowser.open(older.attr("href"));
    assertThat(postsOn(second)).containsExactly("post 3", "post 2", "post 1");
    assertThat(second.document().selectFirst("a.older")).isNull();
    assertThat(postsOn(readerBrowser.open("/")).get(0)).isEqualTo("post 24, while reading");
  }

  @Test
  void exploreShowsEveryonesPostsNewestFirstToVisitorsToo() {
    String ann = fresh("ann");
    String ben = fresh("ben");
    List<Browser> writers = List.of(registered(ann, site.web(0)), registered(ben, site.web(1)));
    List<String> newestFirst = new ArrayList<>();
    for (int i = 1; i <= 21; i++) {
      Browser writer = writers.get(i % 2);
      writer.open("/");
      String text = "explore " + i + " of " + ann;
      writer.submit("compose", "submit", Map.of("text", text));
      newestFirst.addFirst(text);
    }

    Browser visitor = new Browser(site.web(1));
    Browser.Page welcome = visitor.open("/");
    Browser.Page first =
        visitor.open(welcome.document().selectFirst("a[href$=/explore]").attr("href"));
    assertThat(first.url().getPath()).isEqualTo("/explore");
    assertThat(postsOn(first)).containsExactlyElementsOf(newestFirst.subList(0, 20));
    assertThat(first.document().select("article.post a.author").eachText().subList(0, 2))
        .containsExactly("@" + ben, "@" + ann);

    Browser.Page second = visitor.open(first.document().selectFirst("a.older").attr("href"));
    assertThat(postsOn(second).getFirst()).isEqualTo(newestFirst.get(20));
    assertThat(visitor.open("/explore?before=not-a-cursor").status()).isEqualTo(400);
  }

  @Test
  void aReplyShowsOnThePostsPageAndSaysWhomItAnswersWhereverItIsShown() {
    String asker = fresh("asker");
    String answerer = fresh("answerer");
    Browser askerBrowser = registered(asker, site.web(0));
    Browser answererBrowser = registered(answerer, site.web(1));
    askerBrowser.open("/");
    String question = "a question from " + asker;
    askerBrowser.submit("compose", "submit", Map.of("text", question));

    Browser.Page profile = answererBrowser.open("/users/" + asker);
    String postPath = profile.document().selectFirst("article.post a.reply-link").attr("href");
    assertThat(postPath).matches("/posts/[0-9a-f]{21}");
    assertThat(answererBrowser.open(postPath).text()).contains(question, "No replies yet.");
    assertThat(answererBrowser.submit("reply", "submit", Map.of("text", "   ")).text())
        .as("an empty reply keeps the page, with the rule")
        .contains("A post cannot be empty.", question);
    Browser.Page replied =
        answererBrowser.submit("reply", "submit", Map.of("text", "an answer to " + asker));
    assertThat(replied.url().getPath()).isEqualTo(postPath);
    assertThat(replied.text()).contains("Your reply is published.");
    assertThat(postsOn(replied)).containsExactly(question, "an answer to " + asker);

    Browser visitor = new Browser(site.web(0));
    Element reply = visitor.open("/users/" + answerer).document().selectFirst("article.post");
    assertThat(reply.selectFirst(".replying").text()).isEqualTo("replying to @" + asker);
    assertThat(reply.selectFirst(".replying a").attr("href")).isEqualTo(postPath);
    Browser.Page replyPage = visitor.open(reply.selectFirst("a.reply-link").attr("href"));
    assertThat(postsOn(replyPage))
        .as("the post it answers, then the reply")
        .containsExactly(question, "an answer to " + asker);
    assertThat(visitor.open("/posts/1700000000000abcdef01").status()).isEqualTo(404);
    assertThat(visitor.open("/posts/not-a-post").status()).isEqualTo(404);
  }

  @Test
  void mentionsAndHashtagsBecomeSafeLinksAndListTheirPosts() {
    String writer = fresh("writer");
    String named = fresh("named");
    String tag = "t" + fresh("x").substring(2);
    Browser writerBrowser = registered(writer, site.web(0));
    Browser namedBrowser = registered(named, site.web(1));
    writerBrowser.open("/");
    String text =
        "hi @" + named.toUpperCase(Locale.ROOT) + " <b>#" + tag + "</b> and #" + tag + MARKUP;
    assertThat(writerBrowser.submit("compose", "submit", Map.of("text", text)).text())
        .contains("Your post is published.");

    Element post = writerBrowser.open("/users/" + writer).document().selectFirst("article.post");
    assertThat(post.selectFirst(".post-text").text()).isEqualTo(text);
    assertThat(post.select(".post-text a.mention").eachAttr("href"))
        .containsExactly("/users/" + named);
    assertThat(post.select(".post-text a.tag").eachAttr("href"))
        .containsExactly("/tags/" + tag, "/tags/" + tag);
    assertThat(post.select(".post-text b, .post-text script, .post-text img")).isEmpty();

    Browser visitor = new Browser(site.web(1));
    Browser.Page tagged = visitor.open("/tags/" + tag.toUpperCase(Locale.ROOT));
    assertThat(tagged.status()).isEqualTo(200);
    assertThat(postsOn(tagged)).containsExactly(text);
    assertThat(visitor.open("/tags/no%20tag").status()).isEqualTo(400);

    Browser.Page mentions = namedBrowser.open("/mentions");
    assertThat(postsOn(mentions)).containsExactly(text);
    assertThat(postsOn(writerBrowser.open("/mentions"))).isEmpty();
    assertThat(visitor.open("/mentions").url().getPath()).isEqualTo("/login");
  }

  /** Markup that must show as text: were it run, an image would appear in the post. */
  private static final String MARKUP = " <img src=x onerror=alert(1)> #<script>";

  @Test
  void likesAreCountedOnEveryPostAndListedOnTheLikersProfile() {
    String poster = fresh("poster");
    String fan = fresh("fan");
    Browser posterBrowser = registered(poster, site.web(0));
    Browser fanBrowser = registered(fan, site.web(1));
    posterBrowser.open("/");
    posterBrowser.submit("compose", "submit", Map.of("text", "like me, from " + poster));
    posterBrowser.open("/");
    posterBrowser.submit("compose", "submit", Map.of("text", "a newer one"));

    Browser.Page profile = fanBrowser.open("/users/" + poster);
    Element older = profile.document().select("article.post").last();
    String liked = older.id();
    assertThat(liked).as(older.outerHtml()).startsWith("post-");
    Browser.Page back = fanBrowser.press("#" + liked + " button[name='like:like']");
    assertThat(back.url().getPath()).isEqualTo("/users/" + poster);
    Element post = back.document().getElementById(liked);
    assertThat(post.selectFirst("button[name='like:unlike']").text()).contains("1");
    assertThat(post.selectFirst("button[name='like:unlike']").attr("aria-pressed"))
        .isEqualTo("true");

    Browser.Page likes = fanBrowser.open("/users/" + fan + "/likes");
    assertThat(postsOn(likes)).containsExactly("like me, from " + poster);
    Element seenByVisitor =
        new Browser(site.web(0)).open("/users/" + poster).document().getElementById(liked);
    assertThat(seenByVisitor.select("button")).as("visitors see no button").isEmpty();
    assertThat(seenByVisitor.selectFirst(".likes").text()).contains("1");

    fanBrowser.open("/users/" + poster);
    Browser.Page unliked = fanBrowser.press("#" + liked + " button[name='like:unlike']");
    assertThat(
            unliked.document().getElementById(liked).selectFirst("button[name='like:like']").text())
        .contains("0");
    assertThat(postsOn(fanBrowser.open("/users/" + fan + "/likes"))).isEmpty();
  }

  @Test
  void theHomeFeedTellsOfNewPostsAsTheyAreWrittenAndResumesAfterTheLastOneTold() throws Exception {
    String reader = fresh("reader");
    String alice = fresh("alice");
    Browser readerBrowser = registered(reader, site.web(0));
    Browser aliceBrowser = registered(alice, site.web(1));
    Browser stranger = registered(fresh("stranger"), site.web(1));
    readerBrowser.open("/users/" + alice);
    readerBrowser.submit("follow", "follow", Map.of());
    String token = readerBrowser.cookie("flock_session");

    String told;
    try (LiveEvents live = LiveEvents.open(site.web(0), token, Optional.empty())) {
      assertThat(live.status()).isEqualTo(200);
      assertThat(live.contentType()).startsWith("text/event-stream");
      write(stranger, "not followed");
      write(readerBrowser, "my own");
      write(aliceBrowser, "hello, live");
      LiveEvents.Event event = live.next(Duration.ofSeconds(10));
      assertThat(event).isNotNull();
      assertThat(event.name()).isEqualTo("post");
      assertThat(event.data()).isEqualTo(alice);
      told = event.id();
      assertThat(live.next(Duration.ofMillis(500))).as("only followed people's posts").isNull();
    }

    write(aliceBrowser, "while the reader was away");
    try (LiveEvents resumed = LiveEvents.open(site.web(1), token, Optional.of(told))) {
      LiveEvents.Event missed = resumed.next(Duration.ofSeconds(10));
      assertThat(missed).isNotNull();
      assertThat(missed.data()).isEqualTo(alice);
      assertThat(missed.id()).isGreaterThan(told);
      assertThat(resumed.next(Duration.ofMillis(500))).as("told once").isNull();
    }

    Element notice = readerBrowser.open("/").document().getElementById("live");
    assertThat(notice.attr("data-src")).isEqualTo("/live/home");
    assertThat(notice.attr("data-after")).matches("[0-9a-f]{21}").isGreaterThan(told);
    assertThat(notice.hasAttr("hidden")).as("shown by live.js only").isTrue();
    try (LiveEvents visitor = LiveEvents.open(site.web(0), "not-a-session", Optional.empty())) {
      assertThat(visitor.status()).isEqualTo(401);
    }
    try (LiveEvents broken =
        LiveEvents.open(site.web(0), token, Optional.of("<script>alert(1)</script>"))) {
      assertThat(broken.status()).isEqualTo(400);
    }
  }

  private static void write(Browser author, String text) {
    author.open("/");
    author.submit("compose", "submit", Map.of("text", text));
  }

  @Test
  void aSessionStartedOnOneWebInstanceWorksOnTheOther() {
    String carol = fresh("carol");
    Browser browser = registered(carol, site.web(0));
    browser.on(site.web(1));
    assertThat(signedInAs(browser.open("/"))).isEqualTo(carol);
    Browser.Page posted =
        browser.submit("compose", "submit", Map.of("text", "written via the second instance"));
    assertThat(posted.text()).contains("Your post is published.");
    assertThat(browser.on(site.web(0)).open("/users/" + carol).text())
        .contains("written via the second instance");
  }

  @Test
  void aCrossSitePostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    String dave = fresh("dave");
    Browser browser = registered(dave, site.web(0));
    Browser.Page home = browser.open("/");
    URI action = home.url().resolve(home.document().getElementById("compose").attr("action"));

    Browser.Page forged =
        browser.post(
            action,
            Map.of(
                "compose",
                "compose",
                "compose:text",
                "forged",
                "compose:submit",
                "Post",
                "jakarta.faces.ViewState",
                "stateless"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.text()).contains("This form has expired");

    Browser.Page wrongToken =
        browser.post(
            action,
            Map.of(
                "compose",
                "compose",
                "_csrf",
                "x".repeat(43),
                "compose:text",
                "forged",
                "compose:submit",
                "Post",
                "jakarta.faces.ViewState",
                "stateless"));
    assertThat(wrongToken.status()).isEqualTo(403);
    assertThat(browser.open("/users/" + dave).text())
        .doesNotContain("forged")
        .contains("No posts yet");
  }

  @Test
  void markupInAPostIsShownAsTextNeverRun() {
    String eve = fresh("eve");
    Browser browser = registered(eve, site.web(1));
    browser.open("/");
    browser.submit(
        "compose", "submit", Map.of("text", "<script>alert('x')</script> & <b>bold</b>"));
    Browser.Page profile = browser.open("/users/" + eve);
    assertThat(profile.document().select("article.post script, article.post b")).isEmpty();
    assertThat(postsOn(profile)).containsExactly("<script>alert('x')</script> & <b>bold</b>");
    assertThat(profile.html()).contains("&lt;script&gt;alert('x')&lt;/script&gt;");
  }

  @Test
  void badInputGetsAClearMessageAndKeepsWhatWasTyped() {
    String frank = fresh("frank");
    Browser browser = registered(frank, site.web(0));

    browser.open("/");
    String tooLong = "y".repeat(281);
    Browser.Page refused = browser.submit("compose", "submit", Map.of("text", tooLong));
    assertThat(refused.status()).isEqualTo(200);
    assertThat(refused.text()).contains("A post has at most 280 characters.");
    assertThat(refused.document().getElementById("compose:text").text()).isEqualTo(tooLong);
    assertThat(refused.document().select("section.feed").text()).contains("Your feed is empty.");
    assertThat(browser.submit("compose", "submit", Map.of("text", "   ")).text())
        .contains("A post cannot be empty.");

    Browser visitor = new Browser(site.web(1));
    visitor.open("/register");
    assertThat(
            visitor
                .submit(
                    "signup",
                    "submit",
                    Map.of("username", frank, "password", PASSWORD, "passwordAgain", PASSWORD))
                .text())
        .contains("The username '" + frank + "' is taken.");
    visitor.open("/register");
    assertThat(
            visitor
                .submit(
                    "signup",
                    "submit",
                    Map.of("username", "No Way!", "password", "short", "passwordAgain", "short"))
                .text())
        .contains("A username has 3 to 20 characters")
        .contains("A password has 8 to 128 characters.");

    visitor.open("/users/" + frank);
    assertThat(visitor.page().document().getElementById("follow")).isNull();
    browser.open("/users/" + frank);
    assertThat(browser.page().text()).contains("This is you.");
  }

  @Test
  void aWrongPasswordAndAnUnknownUserGetTheSameMessage() {
    String grace = fresh("grace");
    registered(grace, site.web(0));
    Browser visitor = new Browser(site.web(1));
    visitor.open("/login");
    String wrongPassword =
        visitor
            .submit("signin", "submit", Map.of("username", grace, "password", "nope-nope"))
            .text();
    visitor.open("/login");
    String unknownUser =
        visitor
            .submit("signin", "submit", Map.of("username", fresh("nobody"), "password", PASSWORD))
            .text();
    assertThat(wrongPassword).contains("Wrong username or password.");
    assertThat(unknownUser).contains("Wrong username or password.");
    assertThat(visitor.cookie("flock_session")).isNull();

    visitor.open("/login");
    assertThat(
            signedInAs(
                visitor.submit(
                    "signin", "submit", Map.of("username", grace, "password", PASSWORD))))
        .isEqualTo(grace);
  }

  @Test
  void signingOutRevokesTheTokenOnTheBackend() throws Exception {
    String heidi = fresh("heidi");
    Browser browser = registered(heidi, site.web(0));
    String token = browser.cookie("flock_session");
    assertThat(sessionStatus(token)).isEqualTo(200);

    browser.open("/");
    Browser.Page signedOut = browser.submit("signout", "submit", Map.of());
    assertThat(signedOut.text()).contains("You are signed out.");
    assertThat(sessionStatus(token)).isEqualTo(401);

    Browser replay = new Browser(site.web(1));
    replay.setCookie("flock_session", token);
    Browser.Page home = replay.open("/");
    assertThat(home.text()).contains("Welcome to Flock");
    assertThat(signedInAs(home)).isNull();
  }

  @Test
  void unknownUsersAndPagesAreA404PageAndVisitorsAreSentToSignIn() {
    Browser visitor = new Browser(site.web(0));
    Browser.Page unknownUser = visitor.open("/users/" + fresh("ghost"));
    assertThat(unknownUser.status()).isEqualTo(404);
    assertThat(unknownUser.text()).contains("Page not found");
    assertThat(visitor.open("/no/such/page").status()).isEqualTo(404);
    assertThat(visitor.open("/users/" + fresh("ghost") + "/followers").status()).isEqualTo(404);

    Browser.Page users = visitor.open("/users");
    assertThat(users.status()).isEqualTo(200);
    assertThat(users.document().select("label[for=q]")).hasSize(1);
  }

  @Test
  void findPeopleByTheStartOfTheirName() {
    String prefix = "zz" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    registered(prefix + "_ann", site.web(0));
    registered(prefix + "_ben", site.web(1));
    Browser visitor = new Browser(site.web(0));
    Browser.Page found = visitor.open("/users?q=" + prefix);
    assertThat(found.document().select("ul.people a").eachText())
        .containsExactly("@" + prefix + "_ann", "@" + prefix + "_ben");
  }

  @Test
  void followAndUnfollowFromTheListsOfPeopleWhichShowFollowerCounts() {
    String prefix = "zy" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    String ann = prefix + "_ann";
    String ben = prefix + "_ben";
    String cat = prefix + "_cat";
    registered(ann, site.web(0));
    Browser benBrowser = registered(ben, site.web(1));
    Browser reader = registered(cat, site.web(0));

    Browser.Page found = reader.open("/users?q=" + prefix);
    assertThat(person(found, ann).text()).contains("0 followers");
    assertThat(person(found, ann).select("button").eachText()).containsExactly("Follow");
    assertThat(person(found, cat).select("button")).as("never a button for oneself").isEmpty();

    Browser.Page followed = reader.press("#user-" + ann + " button[name='follow:follow']");
    assertThat(followed.url().getPath()).isEqualTo("/users");
    assertThat(followed.url().getQuery()).contains("q=" + prefix);
    assertThat(followed.text()).contains("You follow them now");
    assertThat(person(followed, ann).text()).contains("1 follower").doesNotContain("followers");
    assertThat(person(followed, ann).select("button[name='follow:unfollow']").eachText())
        .containsExactly("Unfollow");
    assertThat(person(followed, ben).select("button").eachText()).containsExactly("Follow");

    Browser.Page seenByVisitor = new Browser(site.web(1)).open("/users?q=" + prefix);
    assertThat(person(seenByVisitor, ann).text()).contains("1 follower");
    assertThat(seenByVisitor.document().select("ul.people button")).as("visitors").isEmpty();
    assertThat(seenByVisitor.document().getElementById("follows")).isNull();

    benBrowser.open("/users/" + ann);
    benBrowser.submit("follow", "follow", Map.of());
    Browser.Page fans = reader.open("/users/" + ann + "/followers");
    assertThat(fans.document().select("ul.people > li > a").eachText())
        .containsExactly("@" + ben, "@" + cat);
    assertThat(person(fans, cat).select("button")).isEmpty();
    Browser.Page followedFan = reader.press("#user-" + ben + " button[name='follow:follow']");
    assertThat(followedFan.url().getPath()).isEqualTo("/users/" + ann + "/followers");
    assertThat(followedFan.text()).contains("You follow them now");
    assertThat(person(followedFan, ben).text()).contains("1 follower");
    Browser.Page unfollowedFan = reader.press("#user-" + ben + " button[name='follow:unfollow']");
    assertThat(unfollowedFan.url().getPath()).isEqualTo("/users/" + ann + "/followers");
    assertThat(unfollowedFan.text()).contains("You no longer follow them");
    assertThat(person(unfollowedFan, ben).text()).contains("0 followers");
    assertThat(person(unfollowedFan, ben).select("button").eachText()).containsExactly("Follow");

    reader.open("/users?q=" + prefix);
    Browser.Page unfollowed = reader.press("#user-" + ann + " button[name='follow:unfollow']");
    assertThat(unfollowed.url().getQuery()).contains("q=" + prefix);
    assertThat(unfollowed.text()).contains("You no longer follow them");
    assertThat(person(unfollowed, ann).text()).contains("1 follower"); // ben's
    assertThat(reader.open("/users/" + cat + "/following").text()).contains("Not following anyone");
  }

  @Test
  void aFollowPostedWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    String eve = fresh("eve");
    String target = fresh("target");
    registered(target, site.web(1));
    Browser browser = registered(eve, site.web(0));
    Browser.Page list = browser.open("/users?q=" + target);
    Element form = list.document().getElementById("follows");
    assertThat(form).isNotNull();
    URI action = list.url().resolve(form.attr("action"));

    Map<String, String> forged = new java.util.LinkedHashMap<>();
    forged.put("follow", "follow");
    forged.put("back", "/users");
    forged.put("follow:follow", target);
    forged.put("jakarta.faces.ViewState", "stateless");
    assertThat(browser.post(action, forged).status()).isEqualTo(403);
    forged.put("_csrf", "x".repeat(43));
    assertThat(browser.post(action, forged).status()).isEqualTo(403);

    assertThat(person(browser.open("/users?q=" + target), target).text()).contains("0 followers");
    assertThat(browser.open("/users/" + eve + "/following").text())
        .contains("Not following anyone");

    String token =
        browser
            .open("/users?q=" + target)
            .document()
            .selectFirst("#follows input[name=_csrf]")
            .val();
    forged.put("_csrf", token);
    forged.put("follow:follow", eve);
    Browser.Page oneself = browser.post(action, forged);
    assertThat(oneself.status()).isEqualTo(200);
    assertThat(oneself.text()).contains("You cannot follow yourself.");
    forged.put("follow:follow", "<b>nobody</b>");
    Browser.Page unknown = browser.post(action, forged);
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text()).doesNotContain("Exception").doesNotContain("<b>");
  }

  @Test
  void anEmptyFeedSuggestsWhomToFollowAndFollowingOneFillsIt() {
    String reader = fresh("reader");
    String friend = fresh("friend");
    String poet = fresh("poet");
    Browser poetBrowser = registered(poet, site.web(1));
    poetBrowser.open("/");
    poetBrowser.submit("compose", "submit", Map.of("text", "a verse by " + poet));
    Browser friendBrowser = registered(friend, site.web(0));
    friendBrowser.open("/users/" + poet);
    friendBrowser.submit("follow", "follow", Map.of());
    Browser readerBrowser = registered(reader, site.web(1));
    readerBrowser.open("/users/" + friend);
    readerBrowser.submit("follow", "follow", Map.of());

    Browser.Page home = readerBrowser.open("/");
    assertThat(home.text()).contains("Your feed is empty").contains("Who to follow");
    List<String> suggested = home.document().select("section.suggestions li > a").eachText();
    assertThat(suggested)
        .as("followed by whom the reader follows, first")
        .startsWith("@" + poet)
        .hasSizeLessThanOrEqualTo(5)
        .doesNotContain("@" + reader, "@" + friend);
    assertThat(person(home, poet).text()).contains("1 follower");

    Browser.Page followed = readerBrowser.press("#user-" + poet + " button[name='follow:follow']");
    assertThat(followed.url().getPath()).isEqualTo("/");
    assertThat(followed.text()).contains("You follow them now");
    assertThat(postsOn(followed)).containsExactly("a verse by " + poet);
    assertThat(followed.document().select("section.suggestions")).isEmpty();

    String newcomer = fresh("newcomer");
    Browser.Page newcomersHome = registered(newcomer, site.web(0)).open("/");
    assertThat(newcomersHome.document().select("section.suggestions li > a").eachText())
        .as("the most followed, for someone who follows nobody")
        .isNotEmpty()
        .hasSizeLessThanOrEqualTo(5)
        .doesNotContain("@" + newcomer);
  }

  /** The entry of {@code username} in the lists of people on {@code page}. */
  private static Element person(Browser.Page page, String username) {
    Element entry = page.document().getElementById("user-" + username);
    assertThat(entry).as("@%s listed on %s", username, page.url()).isNotNull();
    return entry;
  }

  @Test
  void everyInputHasALabel() {
    Browser visitor = new Browser(site.web(0));
    for (String path : List.of("/login", "/register", "/users")) {
      Browser.Page page = visitor.open(path);
      for (Element input :
          page.document().select("input:not([type=hidden]):not([type=submit]), textarea")) {
        assertThat(page.document().select("label[for=\"" + input.id() + "\"]"))
            .as("label of %s on %s", input.id(), path)
            .hasSize(1);
      }
    }
  }

  @Test
  void theStatusPageDrawsTheLastMinuteOfTheWebTierAndOfTheBackendThatAnswered() throws Exception {
    Browser visitor = new Browser(site.web(0));
    for (int i = 0; i < 2 * site.backendCount(); i++) {
      assertThat(visitor.open("/status").status()).isEqualTo(200); // an RPC to every backend
    }
    Thread.sleep(1_100); // the figures are of full seconds: let this one end

    Browser.Page status = visitor.open("/status");

    Map<String, Element> rows = new java.util.HashMap<>();
    for (Element row : status.document().select("#live tr.live-row")) {
      rows.put(row.child(0).text() + " " + row.selectFirst(".live-kind").text(), row);
    }
    List<String> expected =
        new ArrayList<>(
            List.of(
                "web Pages served",
                "web Calls to the backend",
                "backend RPCs served",
                "backend Storage calls"));
    if (status.document().getElementById("storage-mode").text().equals("etcd")) {
      expected.add("backend etcd requests");
    }
    assertThat(rows.keySet()).containsAll(expected);
    for (String served :
        List.of("web Pages served", "web Calls to the backend", "backend RPCs served")) {
      assertThat(rows.get(served).selectFirst(".live-rate").text())
          .as(served)
          .matches("\\d+\\.\\d/s")
          .isNotEqualTo("0.0/s");
    }
    for (Element row : rows.values()) {
      assertThat(row.select("svg.chart")).hasSize(2);
      for (Element line : row.select("svg.chart polyline")) {
        assertThat(line.attr("points").split(" ")).hasSize(60);
      }
    }
  }

  static Browser registered(String username, URI web) {
    return registered(username, new Browser(web));
  }

  /** Registers {@code username} in {@code browser}, which is then signed in. */
  static Browser registered(String username, Browser browser) {
    browser.open("/register");
    Browser.Page welcome =
        browser.submit(
            "signup",
            "submit",
            Map.of("username", username, "password", PASSWORD, "passwordAgain", PASSWORD));
    assertThat(welcome.text())
        .as("registering %s", username)
        .contains("Welcome to Flock!")
        .contains("@" + username);
    return browser;
  }

  int sessionStatus(String token) throws Exception {
    HttpResponse<String> response =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(
                HttpRequest.newBuilder(site.backendHttp().resolve("/api/v1/session"))
                    .header("Authorization", "Bearer " + token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return response.statusCode();
  }

  /** Who the page says is signed in (the header's profile link next to Sign out), or null. */
  static String signedInAs(Browser.Page page) {
    if (page.document().getElementById("signout") == null) {
      return null;
    }
    Element me = page.document().selectFirst("a.me");
    return me == null ? null : me.text().substring(1);
  }

  static List<String> postsOn(Browser.Page page) {
    return new ArrayList<>(page.document().select("article.post .post-text").eachText());
  }

  /** A name no other test (or earlier run against the same storage) uses. */
  static String fresh(String stem) {
    return stem + "_" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
  }
}
