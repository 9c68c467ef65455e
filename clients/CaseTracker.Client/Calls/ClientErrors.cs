using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>
/// What a failure looks like to the caller: the caller's own cancellation is an <see cref="OperationCanceledException"/>
/// carrying its token, never wrapped; any other failure of a call is a <see cref="CaseTrackerException"/>.
/// </summary>
internal static class ClientErrors
{
    /// <summary>The exception the caller should see for <paramref name="error"/>; the same instance when it is already right.</summary>
    /// <param name="error">What the call, the stream or the wait threw.</param>
    /// <param name="cancellationToken">The caller's token for this operation.</param>
    /// <param name="callToken">The call's own token, when the operation (a stream read) was given another one.</param>
    public static Exception Translate(Exception error, CancellationToken cancellationToken, CancellationToken callToken = default)
    {
        var cancelled = cancellationToken.IsCancellationRequested ? cancellationToken
            : callToken.IsCancellationRequested ? callToken
            : (CancellationToken?)null;
        if (cancelled is { } token)
        {
            return error is OperationCanceledException same && same.GetType() == typeof(OperationCanceledException) && same.CancellationToken == token
                ? same
                : new OperationCanceledException("The caller cancelled the call.", error, token);
        }
        return error is RpcException rpc and not CaseTrackerException ? new CaseTrackerException(rpc) : error;
    }

    /// <summary>Awaits <paramref name="task"/>, failing as <see cref="Translate"/> says.</summary>
    public static async Task<T> Translated<T>(Task<T> task, CancellationToken cancellationToken)
    {
        try
        {
            return await task.ConfigureAwait(false);
        }
        catch (Exception error) when (Translate(error, cancellationToken) is var translated && !ReferenceEquals(translated, error))
        {
            throw translated;
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing as <see cref="Translate"/> says.</summary>
    public static async Task Translated(Task task, CancellationToken cancellationToken)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception error) when (Translate(error, cancellationToken) is var translated && !ReferenceEquals(translated, error))
        {
            throw translated;
        }
    }
}

/// <summary>A server stream whose failures are <see cref="CaseTrackerException"/> and whose cancellation is the caller's.</summary>
internal sealed class TranslatingStreamReader<T>(IAsyncStreamReader<T> inner, CancellationToken callToken) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (ClientErrors.Translate(error, cancellationToken, callToken) is var translated && !ReferenceEquals(translated, error))
        {
            throw translated;
        }
    }
}

/// <summary>A client stream whose failures are <see cref="CaseTrackerException"/> and whose cancellation is the caller's.</summary>
internal sealed class TranslatingStreamWriter<T>(IClientStreamWriter<T> inner, CancellationToken callToken) : IClientStreamWriter<T>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public Task WriteAsync(T message) => ClientErrors.Translated(inner.WriteAsync(message), callToken);

    public Task WriteAsync(T message, CancellationToken cancellationToken) =>
        ClientErrors.Translated(inner.WriteAsync(message, cancellationToken), cancellationToken.CanBeCanceled ? cancellationToken : callToken);

    public Task CompleteAsync() => ClientErrors.Translated(inner.CompleteAsync(), callToken);
}
