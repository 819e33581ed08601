package dev.flock.raft;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON gateway that every etcd 3.4 member serves on its client URL: enough of it to probe
 * health and Raft status without a client library.
 */
final class EtcdGateway {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Pattern HEALTHY = Pattern.compile("\"health\"\\s*:\\s*\"true\"");
  private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"(\\d+)\"");
  private static final Pattern LEADER_ID = Pattern.compile("\"leader\"\\s*:\\s*\"(\\d+)\"");
  private static final Pattern RAFT_INDEX = Pattern.compile("\"raftIndex\"\\s*:\\s*\"(\\d+)\"");

  /** One member's view of the cluster, from {@code POST /v3/maintenance/status}. */
  record MemberStatus(String memberId, String leaderId, String raftIndex) {
    boolean hasLeader() {
      return !leaderId.equals("0");
    }
  }

  // HTTP/1.1: etcd serves gRPC and this gateway on one port, so an h2c upgrade attempt buys
  // nothing.
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  boolean isHealthy(String clientUrl) {
    return send(HttpRequest.newBuilder(URI.create(clientUrl + "/health")).GET())
        .map(body -> HEALTHY.matcher(body).find())
        .orElse(false);
  }

  Optional<MemberStatus> status(String clientUrl) {
    return post(clientUrl, "/v3/maintenance/status", "{}")
        .flatMap(
            body -> {
              Matcher memberId = MEMBER_ID.matcher(body);
              Matcher leaderId = LEADER_ID.matcher(body);
              Matcher raftIndex = RAFT_INDEX.matcher(body);
              if (!memberId.find() || !leaderId.find() || !raftIndex.find()) {
                return Optional.empty();
              }
              return Optional.of(
                  new MemberStatus(memberId.group(1), leaderId.group(1), raftIndex.group(1)));
            });
  }

  /**
   * The response body of a successful call, or empty when the member is down or answers with an
   * error.
   */
  Optional<String> post(String clientUrl, String path, String json) {
    return send(
        HttpRequest.newBuilder(URI.create(clientUrl + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Optional<String> send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body()) : Optional.empty();
    } catch (IOException e) {
      // A member that is down, starting or electing is an expected answer here, not an error.
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
