package dev.flock.raft;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The JSON gateway that every etcd 3.4 member serves on its client URL: enough of it to probe
 * health and Raft status without a client library.
 */
final class EtcdGateway {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

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
        .flatMap(EtcdGateway::json)
        .map(health -> "true".equals(health.getString("health", "")))
        .orElse(false);
  }

  /** etcd's gateway writes 64-bit numbers as JSON strings. */
  Optional<MemberStatus> status(String clientUrl) {
    return post(clientUrl, "/v3/maintenance/status", "{}")
        .flatMap(EtcdGateway::json)
        .flatMap(
            status -> {
              JsonObject header = status.getJsonObject("header");
              String memberId = header == null ? null : header.getString("member_id", null);
              String leaderId = status.getString("leader", null);
              String raftIndex = status.getString("raftIndex", null);
              return memberId == null || leaderId == null || raftIndex == null
                  ? Optional.empty()
                  : Optional.of(new MemberStatus(memberId, leaderId, raftIndex));
            });
  }

  /** The object {@code body} holds; empty when it is not one (a member answering mid-restart). */
  private static Optional<JsonObject> json(String body) {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return Optional.of(reader.readObject());
    } catch (JsonException | ClassCastException e) {
      return Optional.empty();
    }
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
