package dev.flock.grpc.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This instance's identity and the deployment's CA, from {@code flock.tls.dir}: {@code
 * <identity>.p12} (its key and certificate), {@code truststore.p12} (the CA alone) and {@code
 * password}. Only certificates that CA signed are trusted, in both directions: the backend requires
 * one from every client, and the web tier accepts a backend only when its certificate names {@link
 * #BACKEND_NAME}, whichever address of the backends it dialled.
 */
@ApplicationScoped
public class DeploymentTls {

  /** The name on every backend's certificate (gRPC checks it as the channel's authority). */
  public static final String BACKEND_NAME = "flock-backend";

  @Inject
  @ConfigProperty(name = "flock.tls.dir")
  Optional<String> dir = Optional.empty();

  /** {@code backend} or {@code web}: which key store of the directory is this instance's. */
  @Inject
  @ConfigProperty(name = "flock.tls.identity")
  Optional<String> identity = Optional.empty();

  private KeyManagerFactory keys;
  private TrustManagerFactory trust;

  /** TLS from a directory made by {@code docker/make-certs}, outside CDI (tools and tests). */
  public static DeploymentTls from(Path dir, String identity) {
    DeploymentTls tls = new DeploymentTls();
    tls.dir = Optional.of(dir.toString());
    tls.identity = Optional.of(identity);
    return tls;
  }

  public boolean enabled() {
    return dir.filter(each -> !each.isBlank()).isPresent();
  }

  /** The backend's gRPC server side: its certificate, and a client certificate required. */
  public SslContext grpcServer() {
    load();
    try {
      return GrpcSslContexts.configure(SslContextBuilder.forServer(keys))
          .trustManager(trust)
          .clientAuth(ClientAuth.REQUIRE)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The web tier's gRPC channel: its certificate, and only the deployment's backends trusted. */
  public SslContext grpcClient() {
    load();
    try {
      return GrpcSslContexts.forClient().keyManager(keys).trustManager(trust).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same identity and trust for HTTPS calls (the session check). */
  public SSLContext sslContext() {
    load();
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Cannot set up TLS from " + dir.orElseThrow(), e);
    }
  }

  /**
   * Accepts a server whose (already CA-verified) certificate names {@link #BACKEND_NAME}: the web
   * tier dials the backends by address, so the URL's host is not the name to check.
   */
  public static HostnameVerifier backendNameVerifier() {
    return (host, session) -> {
      try {
        return session.getPeerCertificates()[0] instanceof X509Certificate certificate
            && namesOf(certificate).contains(BACKEND_NAME);
      } catch (SSLPeerUnverifiedException e) {
        return false;
      }
    };
  }

  static List<String> namesOf(X509Certificate certificate) {
    try {
      var names = certificate.getSubjectAlternativeNames();
      return names == null
          ? List.of()
          : names.stream()
              .filter(name -> Integer.valueOf(2).equals(name.get(0))) // dNSName
              .map(name -> (String) name.get(1))
              .toList();
    } catch (CertificateParsingException e) {
      return List.of();
    }
  }

  private synchronized void load() {
    if (keys != null) {
      return;
    }
    Path directory = Path.of(dir.orElseThrow(() -> new IllegalStateException("flock.tls.dir")));
    String name =
        identity.orElseThrow(
            () -> new IllegalStateException("flock.tls.identity is needed with flock.tls.dir"));
    try {
      char[] password = Files.readString(directory.resolve("password")).strip().toCharArray();
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keyStore(directory.resolve(name + ".p12"), password), password);
      TrustManagerFactory trustManagers =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trustManagers.init(keyStore(directory.resolve("truststore.p12"), password));
      trust = trustManagers;
      keys = keyManagers;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "Cannot read the TLS key stores of '" + name + "' in " + directory + ": " + e, e);
    }
  }

  private static KeyStore keyStore(Path file, char[] password)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, password);
    }
    return store;
  }
}
