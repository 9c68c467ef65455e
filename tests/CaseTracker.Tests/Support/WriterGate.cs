using CaseTracker.Server.Storage;

namespace CaseTracker.Tests.Support;

/// <summary>
/// Holds the writer inside a batch of its own while a test queues mutations, so that they then commit together in the
/// next batch: how simultaneous calls meet in production, made certain.
/// </summary>
public sealed class WriterGate
{
    private readonly BatchingWriter _writer;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _held = Task.CompletedTask;

    private WriterGate(BatchingWriter writer) => _writer = writer;

    public static async Task<WriterGate> CloseAsync(BatchingWriter writer)
    {
        var gate = new WriterGate(writer);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate._held = writer.WriteAsync(async _ =>
        {
            entered.SetResult();
            await gate._release.Task;
            return 0;
        }, CancellationToken.None);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return gate;
    }

    /// <summary>Lets the writer go on once <paramref name="count"/> mutations wait behind the gate.</summary>
    public async Task OpenWhenQueuedAsync(int count)
    {
        await WaitUntilQueuedAsync(_writer, count);
        _release.SetResult();
        await _held;
    }

    /// <summary>Waits until <paramref name="count"/> mutations wait for the writer's next batch (in the order they were queued).</summary>
    public static async Task WaitUntilQueuedAsync(BatchingWriter writer, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (writer.Waiting < count)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
