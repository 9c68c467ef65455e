using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// Turns the caller the authentication schemes recognised (<c>HttpContext.User</c>, see
/// <see cref="CallerSchemes"/>) into the <see cref="Actor"/> of every call to the CaseTracker services, or into
/// the refusal the scheme gave, and checks the caller's role against <see cref="Permissions"/>. Health and
/// reflection stay open so that probes and tools work without a token.
/// </summary>
public sealed class AuthenticationInterceptor : Interceptor
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
        var caller = await CallerAuthentication.CallerOfAsync(context.GetHttpContext());
        Permissions.DemandRole(context.Method, caller);
        context.UserState[CallerKey] = caller;
    }
}
