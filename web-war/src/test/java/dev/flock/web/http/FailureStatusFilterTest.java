package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flock.core.FlockException;
import jakarta.faces.FacesException;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A failed request becomes the right status for its error page, its details the log's only. */
class FailureStatusFilterTest {

  private final FailureStatusFilter filter = new FailureStatusFilter();
  private final RecordingResponse response = new RecordingResponse();
  private final Logger log = Logger.getLogger(FailureStatusFilter.class.getName());
  private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  private final Handler recorder =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void recordTheLog() {
    log.addHandler(recorder);
    log.setUseParentHandlers(false);
  }

  @AfterEach
  void restoreTheLog() {
    log.removeHandler(recorder);
    log.setUseParentHandlers(true);
  }

  /** A page that writes the start of its answer, then fails with {@code failure}. */
  private static RestOfChain failingPage(Exception failure) {
    return RestOfChain.doing(
        (request, response) -> {
          response.getWriter().write("<html><body>Half a page");
          switch (failure) {
            case IOException io -> throw io;
            case ServletException servlet -> throw servlet;
            case RuntimeException runtime -> throw runtime;
            default -> throw new AssertionError(failure);
          }
        });
  }

  @Test
  void aRequestThatSucceedsIsLeftAlone() throws Exception {
    filter.doFilter(
        BrowserRequest.get("/users"),
        response,
        RestOfChain.doing((request, answer) -> answer.getWriter().write("a page")));

    assertThat(response.errorSent()).isFalse();
    assertThat(response.getStatus()).isEqualTo(200);
    response.flushBuffer();
    assertThat(response.sentBody()).isEqualTo("a page");
  }

  static Stream<Arguments> failuresAndTheirStatus() {
    List<Function<FlockException, Exception>> howTheyArrive =
        List.of(
            flock -> flock,
            flock -> new ServletException(new FacesException(flock)),
            flock -> new FacesException(new RuntimeException(flock)));
    return Stream.of(
            Arguments.of(FlockException.notFound("No such user."), 404),
            Arguments.of(FlockException.invalid("Posts are 1 to 280 characters."), 400),
            Arguments.of(FlockException.failedPrecondition("Not now."), 400),
            Arguments.of(
                new FlockException(FlockException.Reason.RESOURCE_EXHAUSTED, "Slow down."), 429),
            Arguments.of(FlockException.unavailable("Storage is down.", null), 503))
        .flatMap(
            arguments ->
                howTheyArrive.stream()
                    .map(
                        arrival ->
                            Arguments.of(
                                arrival.apply((FlockException) arguments.get()[0]),
                                arguments.get()[1])));
  }

  @ParameterizedTest(name = "{0} is {1}")
  @MethodSource("failuresAndTheirStatus")
  void aFlockFailureBecomesItsStatusWithoutItsMessageOrTheHalfPage(Exception failure, int status)
      throws Exception {
    filter.doFilter(BrowserRequest.get("/users/ghost"), response, failingPage(failure));

    assertThat(response.errorSent()).isTrue();
    assertThat(response.getStatus()).isEqualTo(status);
    assertThat(response.errorMessage()).as("the error page says it, not the container").isNull();
    assertThat(response.sentBody()).isEmpty();
  }

  @Test
  void aBackendThatCannotAnswerIsToldToBeTriedAgainSoon() throws Exception {
    filter.doFilter(
        BrowserRequest.get("/"),
        response,
        failingPage(FlockException.unavailable("Storage is down.", null)));

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("5");
  }

  @Test
  void aRequestOverALimitIsTooManyRequestsWithWhenToComeBackInHeaderAndWords() throws Exception {
    BrowserRequest request = BrowserRequest.get("/");
    filter.doFilter(
        request,
        response,
        failingPage(
            FlockException.tooManyAttempts(
                "You have posted a lot. Please try again in 3 hours.",
                Duration.ofHours(2).plusMillis(1))));

    assertThat(response.getStatus()).isEqualTo(429);
    assertThat(response.getHeader("Retry-After")).isEqualTo("7201");
    assertThat(request.getAttribute(TooManyRequests.MESSAGE))
        .isEqualTo("You have posted a lot. Please try again in 3 hours.");
  }

  @Test
  void aVisitorWhoMustSignInIsSentToTheSignInPageAndBack() throws Exception {
    // As in web.xml: the security headers filter wraps this one, and keeps the redirect relative.
    new SecurityHeadersFilter()
        .doFilter(
            BrowserRequest.post("/users/bob"),
            response,
            (request, answer) ->
                filter.doFilter(
                    request,
                    answer,
                    failingPage(
                        new ServletException(
                            FlockException.unauthenticated("Please sign in first.")))));

    assertThat(response.getStatus()).isEqualTo(302);
    assertThat(response.getHeader("Location")).isEqualTo("/login?next=%2Fusers%2Fbob");
    assertThat(response.sentBody()).isEmpty();
  }

  @Test
  void theWayBackIsWithinTheContextPath() throws Exception {
    filter.doFilter(
        BrowserRequest.get("/users/bob/following").inContext("/flock"),
        response,
        failingPage(FlockException.unauthenticated("Please sign in first.")));

    assertThat(response.getHeader("Location"))
        .isEqualTo(
            RecordingResponse.CONTAINER_ORIGIN + "/flock/login?next=%2Fusers%2Fbob%2Ffollowing");
  }

  static Stream<Exception> failuresThatAreBugs() {
    return Stream.of(
        new IllegalStateException("secret detail: row 17 of table users"),
        new ServletException("secret detail", new NullPointerException()),
        new IOException("secret detail"),
        new FacesException(new ArithmeticException("secret detail")));
  }

  @ParameterizedTest
  @MethodSource("failuresThatAreBugs")
  void anyOtherFailureIs500WithItsDetailsInTheLogOnly(Exception failure) throws Exception {
    filter.doFilter(BrowserRequest.get("/status"), response, failingPage(failure));

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.errorMessage()).isNull();
    assertThat(response.sentBody()).isEmpty();
    assertThat(logged)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
              assertThat(record.getMessage()).contains("/status");
              assertThat(record.getThrown()).isSameAs(failure);
            });
  }

  @Test
  void aFailureAfterTheAnswerHasBegunCanOnlyBeLogged() throws Exception {
    IllegalStateException failure = new IllegalStateException("too late");

    filter.doFilter(
        BrowserRequest.get("/users/bob"),
        response,
        RestOfChain.doing(
            (request, answer) -> {
              answer.getWriter().write("<html>sent already");
              answer.flushBuffer();
              throw failure;
            }));

    assertThat(response.errorSent()).isFalse();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.sentBody()).isEqualTo("<html>sent already");
    assertThat(logged)
        .singleElement()
        .satisfies(
            record -> {
              assertThat(record.getLevel()).isEqualTo(Level.WARNING);
              assertThat(record.getThrown()).isSameAs(failure);
            });
  }
}
