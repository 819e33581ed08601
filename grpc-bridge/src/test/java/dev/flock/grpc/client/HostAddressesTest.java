package dev.flock.grpc.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostAddressesTest {

  private final Map<String, InetAddress[]> dns = new HashMap<>();

  private final HostAddresses addresses =
      new HostAddresses(
          host -> {
            InetAddress[] found = dns.get(host);
            if (found == null) {
              throw new UnknownHostException(host);
            }
            return found;
          });

  @Test
  void aNameThatStopsResolvingKeepsTheAddressesItLastHad() throws Exception {
    InetAddress first = InetAddress.getByName("10.0.0.1");
    InetAddress second = InetAddress.getByName("10.0.0.2");
    dns.put("backend", new InetAddress[] {first, second});
    assertThat(addresses.of("backend")).containsExactly(first, second);

    dns.remove("backend");
    assertThat(addresses.of("backend")).containsExactly(first, second);
  }

  @Test
  void aNameThatResolvesAgainGivesItsNewAddresses() throws Exception {
    dns.put("backend", new InetAddress[] {InetAddress.getByName("10.0.0.1")});
    addresses.of("backend");
    InetAddress moved = InetAddress.getByName("10.0.0.9");
    dns.put("backend", new InetAddress[] {moved});
    assertThat(addresses.of("backend")).containsExactly(moved);
  }

  @Test
  void aNameThatNeverResolvedHasNoAddress() {
    assertThat(addresses.of("nowhere.invalid")).isEmpty();
  }

  @Test
  void theRealLookupResolvesLocalhost() {
    assertThat(new HostAddresses().of("localhost")).isNotEmpty();
  }
}
