package dev.flock.web.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientAddressesTest {

  private final ClientAddresses noProxies = new ClientAddresses(" ");
  private final ClientAddresses behindTheBalancer = new ClientAddresses("10.89.0.0/16, ::1");

  @Test
  void withoutTrustedProxiesTheConnectionsAddressIsTheClientAndTheHeaderIsIgnored() {
    BrowserRequest request =
        BrowserRequest.get("/login").from("192.0.2.10").header("X-Forwarded-For", "198.51.100.1");

    assertThat(noProxies.of(request)).isEqualTo("192.0.2.10");
  }

  @Test
  void theHeaderIsReadFromTheRightUpToTheFirstHopThatIsNotATrustedProxy() {
    BrowserRequest forwarded =
        BrowserRequest.get("/login")
            .from("10.89.0.5")
            .header("X-Forwarded-For", "198.51.100.66, 203.0.113.9");

    // 198.51.100.66 is what the client claims; only 203.0.113.9 was seen by our balancer
    assertThat(behindTheBalancer.of(forwarded)).isEqualTo("203.0.113.9");
  }

  @Test
  void chainsOfTrustedProxiesAndIpv6AreFollowed() {
    BrowserRequest request =
        BrowserRequest.get("/")
            .from("::1")
            .header("X-Forwarded-For", "2001:db8::7")
            .header("X-Forwarded-For", "10.89.3.4");

    assertThat(behindTheBalancer.of(request)).isEqualTo("2001:db8:0:0:0:0:0:7");
  }

  @Test
  void aHopThatIsNoAddressEndsTheWalkAtTheLastTrustedOne() {
    for (String junk : new String[] {"unknown", "<script>", "999.1.1.1", "x".repeat(5000), ""}) {
      BrowserRequest request =
          BrowserRequest.get("/").from("10.89.0.5").header("X-Forwarded-For", junk);
      assertThat(behindTheBalancer.of(request)).isEqualTo("10.89.0.5");
    }
  }

  @Test
  void aRangeThatIsNoRangeIsRefusedAtStartUp() {
    assertThatThrownBy(() -> new ClientAddresses("lb.example"))
        .hasMessageContaining("'lb.example' is not an address or range");
    assertThatThrownBy(() -> new ClientAddresses("10.0.0.0/33")).hasMessageContaining("prefix");
  }
}
