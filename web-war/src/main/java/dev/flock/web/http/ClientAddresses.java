package dev.flock.web.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The network address of the person behind a request, which the backend's rate limits count. {@code
 * X-Forwarded-For} is believed only as far as it was written by trusted proxies ({@code
 * flock.web.trusted-proxies}: addresses and CIDR ranges, e.g. the load balancer's network): read
 * from the right, the first hop that is not a trusted proxy is the client. Anyone else could write
 * any address there, so without trusted proxies the header is ignored.
 */
@ApplicationScoped
public class ClientAddresses {

  private List<Network> trustedProxies = List.of();

  protected ClientAddresses() {} // for CDI proxies

  @Inject
  public ClientAddresses(
      @ConfigProperty(name = "flock.web.trusted-proxies", defaultValue = " ") String trusted) {
    List<Network> networks = new ArrayList<>();
    for (String each : trusted.split(",")) {
      if (!each.isBlank()) {
        networks.add(Network.of(each.strip()));
      }
    }
    this.trustedProxies = List.copyOf(networks);
  }

  /** The client's address, as text (an IPv4 or IPv6 literal). */
  public String of(HttpServletRequest request) {
    String client = request.getRemoteAddr();
    List<String> hops = new ArrayList<>();
    for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    for (int i = hops.size() - 1; i >= 0 && isTrusted(client); i--) {
      Optional<InetAddress> hop = literal(hops.get(i));
      if (hop.isEmpty()) {
        break; // not an address: the trusted proxy's client sent nonsense, so it is the client
      }
      client = hop.get().getHostAddress();
    }
    return client;
  }

  private boolean isTrusted(String address) {
    return literal(address)
        .map(ip -> trustedProxies.stream().anyMatch(network -> network.contains(ip)))
        .orElse(false);
  }

  /** {@code text} as an address, without any name lookup; empty unless it is an IP literal. */
  static Optional<InetAddress> literal(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.ofLiteral(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** An address and the number of leading bits that matter: {@code 10.0.0.0/8}, {@code ::1}. */
  record Network(byte[] address, int prefixBits) {

    static Network of(String text) {
      int slash = text.indexOf('/');
      String ip = slash < 0 ? text : text.substring(0, slash);
      byte[] address =
          literal(ip)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "flock.web.trusted-proxies: '" + text + "' is not an address or range"))
              .getAddress();
      int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException(
            "flock.web.trusted-proxies: bad prefix in '" + text + "'");
      }
      return new Network(address, bits);
    }

    boolean contains(InetAddress ip) {
      byte[] other = ip.getAddress();
      if (other.length != address.length) {
        return false;
      }
      for (int bit = 0; bit < prefixBits; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((other[bit / 8] & mask) != (address[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
