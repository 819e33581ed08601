package dev.flock.backend.rpc;

import static dev.flock.backend.rpc.Messages.reply;

import dev.flock.backend.account.Account;
import dev.flock.backend.account.Accounts;
import dev.flock.backend.account.Registration;
import dev.flock.backend.limits.RateLimits;
import dev.flock.backend.session.IssuedToken;
import dev.flock.backend.session.Sessions;
import dev.flock.core.TextRules;
import dev.flock.grpc.auth.CallerToken;
import dev.flock.grpc.auth.ClientAddress;
import dev.flock.grpc.server.CpuBound;
import dev.flock.grpc.v1.AccountServiceGrpc;
import dev.flock.grpc.v1.LoginRequest;
import dev.flock.grpc.v1.LoginResponse;
import dev.flock.grpc.v1.LogoutRequest;
import dev.flock.grpc.v1.LogoutResponse;
import dev.flock.grpc.v1.RegisterRequest;
import dev.flock.grpc.v1.RegisterResponse;
import io.grpc.stub.StreamObserver;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

@Dependent
public class AccountEndpoint extends AccountServiceGrpc.AccountServiceImplBase {

  @Inject Accounts accounts;
  @Inject Sessions sessions;
  @Inject RateLimits limits;

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
    IssuedToken issued = sessions.issue(account.username());
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
}
