package dev.flock.raft;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts and reads string keys through one member's v3 JSON gateway, which wants keys and values in
 * base64.
 */
final class GatewayKeyValues {

  private static final Pattern FIRST_VALUE =
      Pattern.compile("\"value\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"");

  private final EtcdGateway gateway = new EtcdGateway();

  boolean put(String clientUrl, String key, String value) {
    return gateway
        .post(
            clientUrl,
            "/v3/kv/put",
            "{\"key\":\"" + base64(key) + "\",\"value\":\"" + base64(value) + "\"}")
        .isPresent();
  }

  /** The value, read linearizably, so a member that answers has caught up with the leader. */
  Optional<String> get(String clientUrl, String key) {
    return gateway
        .post(clientUrl, "/v3/kv/range", "{\"key\":\"" + base64(key) + "\"}")
        .map(FIRST_VALUE::matcher)
        .filter(Matcher::find)
        .map(value -> new String(Base64.getDecoder().decode(value.group(1)), UTF_8));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
  }
}
