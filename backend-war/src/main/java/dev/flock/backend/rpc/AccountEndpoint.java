package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.account.Account;
import dev.flock.backend.account.AccountDeletion;
import dev.flock.backend.account.Accounts;
import dev.flock.backend.account.Registration;
import dev.flock.backend.limits.RateLimits;
import dev.flock.backend.session.IssuedToken;
import dev.flock.backend.session.Session;
import dev.flock.backend.session.Sessions;
import dev.flock.core.TextRules;
import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.auth.ClientAddress;
import dev.flock.grpc.server.CpuBound;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.ChangePasswordRequest;
import dev.flock.grpc.v1.ChangePasswordResponse;
import dev.flock.grpc.v1.DeleteAccountRequest;
import dev.flock.grpc.v1.DeleteAccountResponse;
import dev.flock.grpc.v1.EndSessionsRequest;
import dev.flock.grpc.v1.EndSessionsResponse;
import dev.flock.grpc.v1.ListSessionsRequest;
import dev.flock.grpc.v1.ListSessionsResponse;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.LogoutResponse;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.RegisterResponse;
import dev.flock.grpc.v1.SessionInfo;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Optional;

@Dependent
public class AccountEndpoint extends AccountServiceGrpc.AccountServiceImplBase {

  @Inject Accounts accounts;
  @Inject Sessions sessions;
  @Inject RateLimits limits;
  @Inject Caller caller;
  @Inject AccountDeletion deletion;

  @Override
  @CpuBound // hashes the password
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    limits.signUp(ClientAddress.current());
    Account account =
        accounts.register(
            new Registration(TextRules.username(request.getUsername()), request.getPassword()));
    reply(response, RegisterResponse.newBuilder().setUsername(account.username()).build());
  }

  @Override
  @CpuBound // verifies the password
  public void login(LoginRequest request, StreamObserver<LoginResponse> response) {
    String username = TextRules.username(request.getUsername());
    Account account =
        limits.signIn(
            username,
            ClientAddress.current(),
            ClientAddress.device(),
            () -> accounts.authenticate(username, request.getPassword()));
    IssuedToken issued = sessions.issue(account.username(), ClientAddress.current());
    reply(
        response,
        LoginResponse.newBuilder()
            .setToken(issued.token())
            .setUsername(issued.username())
            .setExpiresAtEpochSecond(issued.expiresAt().getEpochSecond())
            .build());
  }

  @Override
  public void logout(LogoutRequest request, StreamObserver<LogoutResponse> response) {
    CallerToken.current().ifPresent(sessions::revoke);
    reply(response, LogoutResponse.getDefaultInstance());
  }

  @Override
  @CpuBound // verifies the current password and hashes the new one
  public void changePassword(
      ChangePasswordRequest request, StreamObserver<ChangePasswordResponse> response) {
    String username = caller.username();
    checkingThePassword(
        username,
        () ->
            accounts.changePassword(
                username, request.getCurrentPassword(), request.getNewPassword()));
    sessions.endAll(username, CallerToken.current());
    reply(response, ChangePasswordResponse.getDefaultInstance());
  }

  @Override
  @CpuBound // verifies the password
  public void deleteAccount(
      DeleteAccountRequest request, StreamObserver<DeleteAccountResponse> response) {
    String username = caller.username();
    checkingThePassword(username, () -> deletion.delete(username, request.getPassword()));
    reply(response, DeleteAccountResponse.getDefaultInstance());
  }

  /**
   * Runs {@code step}, which checks the caller's password: guesses at it from a stolen session
   * count as failed sign-ins, under the same limits.
   */
  private void checkingThePassword(String username, Runnable step) {
    limits.signIn(
        username,
        ClientAddress.current(),
        ClientAddress.device(),
        () -> {
          step.run();
          return username;
        });
  }

  @Override
  public void listSessions(
      ListSessionsRequest request, StreamObserver<ListSessionsResponse> response) {
    String username = caller.username();
    String own = CallerToken.current().map(Sessions::hashOf).orElse("");
    ListSessionsResponse.Builder list = ListSessionsResponse.newBuilder();
    for (Session session : sessions.of(username)) {
      list.addSessions(
          SessionInfo.newBuilder()
              .setId(session.id())
              .setStartedAtEpochMilli(session.startedAt().toEpochMilli())
              .setFrom(session.from())
              .setExpiresAtEpochSecond(session.expiresAt().getEpochSecond())
              .setCurrent(session.tokenHash().equals(own)));
    }
    reply(response, list.build());
  }

  @Override
  public void endSessions(
      EndSessionsRequest request, StreamObserver<EndSessionsResponse> response) {
    String username = caller.username();
    if (request.getId().isEmpty()) {
      sessions.endAll(username, Optional.empty());
    } else {
      sessions.end(username, request.getId());
    }
    reply(response, EndSessionsResponse.getDefaultInstance());
  }
}
