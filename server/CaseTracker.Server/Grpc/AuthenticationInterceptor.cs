using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// Authenticates every call to the CaseTracker services and checks the caller's role against
/// <see cref="Permissions"/>. Health and reflection stay open so that probes and tools work without a token.
/// </summary>
public sealed class AuthenticationInterceptor(CallerAuthenticator authenticator) : Interceptor
{
    private const string CallerKey = "casetracker.caller";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context,
        ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    /// <summary>The authenticated caller of a CaseTracker call.</summary>
    public static Actor CallerOf(ServerCallContext context) =>
        context.UserState.TryGetValue(CallerKey, out var caller) && caller is Actor actor
            ? actor
            : throw new InvalidOperationException("The call was not authenticated.");

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        if (!context.Method.StartsWith("/casetracker.", StringComparison.Ordinal))
        {
            return;
        }
        var caller = await authenticator.AuthenticateAsync(context.RequestHeaders, context.GetHttpContext().Connection.ClientCertificate);
        Permissions.DemandRole(context.Method, caller);
        context.UserState[CallerKey] = caller;
    }
}
