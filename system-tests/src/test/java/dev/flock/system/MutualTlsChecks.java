package dev.flock.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flock.grpc.tls.DeploymentTls;
import dev.flock.grpc.v1.GetStatusRequest;
import dev.flock.grpc.v1.StatusServiceGrpc;
import dev.flock.grpc.v1.SystemStatus;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** What a backend under mutual TLS must do, wherever it runs (containers, ./flock run --tls). */
final class MutualTlsChecks {

  private MutualTlsChecks() {}

  /**
   * A backend's gRPC port and HTTPS session endpoint refuse a client without a certificate of the
   * deployment (and gRPC in plaintext), and serve the web tier's certificate.
   *
   * @param tls the deployment's certificates (docker/make-certs)
   * @param storageMode what the backend's status must report to a client it serves
   */
  static void backendRefusesStrangers(
      String host, int grpcPort, int sessionPort, Path tls, String storageMode) throws Exception {
    ManagedChannel anonymous =
        NettyChannelBuilder.forAddress(host, grpcPort)
            .overrideAuthority(DeploymentTls.BACKEND_NAME)
            .sslContext(
                GrpcSslContexts.forClient().trustManager(tls.resolve("ca.pem").toFile()).build())
            .build();
    ManagedChannel plaintext =
        NettyChannelBuilder.forAddress(host, grpcPort).usePlaintext().build();
    ManagedChannel web =
        NettyChannelBuilder.forAddress(host, grpcPort)
            .overrideAuthority(DeploymentTls.BACKEND_NAME)
            .sslContext(DeploymentTls.from(tls, "web").grpcClient())
            .build();
    try {
      for (ManagedChannel refused : List.of(anonymous, plaintext)) {
        assertThatThrownBy(() -> status(refused))
            .isInstanceOfSatisfying(
                StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      }
      assertThat(status(web).getStorageMode())
          .as("with the web tier's certificate")
          .isEqualTo(storageMode);
    } finally {
      List.of(anonymous, plaintext, web).forEach(ManagedChannel::shutdownNow);
    }

    // The session endpoint too: no certificate, no answer; the web tier's: 401 (no token).
    URI session = URI.create("https://" + host + ":" + sessionPort + "/api/v1/session");
    assertThatThrownBy(() -> sessionStatus(session, trustingOnly(tls.resolve("truststore.p12"))))
        .isInstanceOf(IOException.class);
    assertThat(sessionStatus(session, DeploymentTls.from(tls, "web").sslContext())).isEqualTo(401);
  }

  private static SystemStatus status(ManagedChannel channel) {
    return StatusServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .getStatus(GetStatusRequest.getDefaultInstance());
  }

  private static int sessionStatus(URI url, SSLContext tls) throws IOException {
    HttpsURLConnection connection = (HttpsURLConnection) url.toURL().openConnection();
    connection.setSSLSocketFactory(tls.getSocketFactory());
    connection.setHostnameVerifier(DeploymentTls.backendNameVerifier());
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(10_000);
    try {
      return connection.getResponseCode();
    } finally {
      connection.disconnect();
    }
  }

  private static SSLContext trustingOnly(Path truststore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    char[] password = Files.readString(truststore.resolveSibling("password")).strip().toCharArray();
    try (var in = Files.newInputStream(truststore)) {
      store.load(in, password);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
