namespace CaseTracker.Server.Demo;

/// <summary>The clock of a demo seed: it stands still at whatever time the seed sets, so history gets past dates.</summary>
public sealed class DemoClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;
}
