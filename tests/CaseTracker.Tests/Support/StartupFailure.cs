namespace CaseTracker.Tests.Support;

/// <summary>What a host that refused to start says: every message of the exception, its inner and aggregated ones.</summary>
public static class StartupFailure
{
    /// <summary>Starts <paramref name="host"/>, expects it to refuse, and gives all it said, one message a line.</summary>
    public static string MessagesOf(CaseTrackerHost host)
    {
        var error = Assert.ThrowsAny<Exception>(() => host.Server);
        return string.Join("\n", Flatten(error).Select(e => e.Message));
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
