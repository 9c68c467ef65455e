using System.Diagnostics;
using System.Globalization;

namespace CaseTracker.Benchmarks;

/// <summary>
/// What the whole process (client, server and load generator) spent while a load ran: CPU time, bytes allocated,
/// garbage collections and their pauses, and contended locks. Take one before and one after, then <see cref="Since"/>.
/// </summary>
public sealed record ProcessCost(TimeSpan Cpu, long AllocatedBytes, TimeSpan GcPauses, int Gen0, int Gen1, int Gen2, long LockContentions)
{
    public static ProcessCost Take()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCost(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: false), GC.GetTotalPauseDuration(),
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), Monitor.LockContentionCount);
    }

    public ProcessCost Since(ProcessCost before) => new(Cpu - before.Cpu, AllocatedBytes - before.AllocatedBytes, GcPauses - before.GcPauses,
        Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, LockContentions - before.LockContentions);

    /// <summary>One line of what each of <paramref name="calls"/> cost on average, and the pauses in all.</summary>
    public string PerCall(long calls, TimeSpan elapsed) => calls == 0 ? "no calls" : string.Create(CultureInfo.InvariantCulture,
        $"CPU {Cpu.TotalMicroseconds / calls:0} µs, allocated {AllocatedBytes / 1024.0 / calls:0.0} KiB, lock contentions {(double)LockContentions / calls:0.00} a call; " +
        $"GC paused {GcPauses.TotalMilliseconds:0} ms of {elapsed.TotalMilliseconds:0} ms ({GcPauses / elapsed:P1}; collections gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2})");
}
