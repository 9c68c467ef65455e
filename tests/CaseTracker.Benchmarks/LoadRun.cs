using System.Diagnostics;

namespace CaseTracker.Benchmarks;

/// <summary>
/// Keeps <c>concurrency</c> calls in flight for a fixed time and records every call's latency: a closed
/// loop, each worker starting its next call when the previous one returns.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadResult> RunAsync(
        string name, int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, long, Task> call, PhaseProfiler? profiler = null, WriterPhases? writer = null)
    {
        await RunWorkersAsync(concurrency, warmup, call, record: null);
        var latencies = new List<long>[concurrency];
        var errors = 0L;
        await using var trace = profiler is null ? null : await profiler.StartAsync(name);
        var before = writer?.Take();
        var cost = ProcessCost.Take();
        var ticks = CpuTicks.Take();
        var clock = Stopwatch.StartNew();
        await RunWorkersAsync(concurrency, duration, call, (worker, ticks, failed) =>
        {
            (latencies[worker] ??= new List<long>(4096)).Add(ticks);
            if (failed)
            {
                Interlocked.Increment(ref errors);
            }
        });
        var elapsed = clock.Elapsed;
        var spent = ProcessCost.Take().Since(cost);
        var cores = CpuTicks.Take().Since(ticks, elapsed);
        var inWriter = before is null ? null : writer!.Take().Since(before);
        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        return new LoadResult(name, concurrency, all.Length, errors, elapsed, all) { Writer = inWriter, Cost = spent, Cores = cores };
    }

    private static Task RunWorkersAsync(int concurrency, TimeSpan duration, Func<int, long, Task> call, Action<int, long, bool>? record)
    {
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            for (long i = 0; Stopwatch.GetTimestamp() < until; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var failed = false;
                try
                {
                    await call(worker, i);
                }
                catch (Exception) when (record is not null)
                {
                    failed = true;
                }
                record?.Invoke(worker, Stopwatch.GetTimestamp() - start, failed);
            }
        })));
    }
}

public sealed record LoadResult(string Name, int Concurrency, long Calls, long Errors, TimeSpan Elapsed, long[] SortedTicks)
{
    /// <summary>Where the writer's time went while this load ran, when measured.</summary>
    public WriterPhases.Snapshot? Writer { get; init; }

    /// <summary>What the whole process spent while this load ran.</summary>
    public ProcessCost? Cost { get; init; }

    /// <summary>How busy the machine's cores and this process's busiest thread were while this load ran (see <see cref="CpuTicks"/>).</summary>
    public string? Cores { get; init; }

    public double PerSecond => Calls / Elapsed.TotalSeconds;

    public double PercentileMs(double percentile)
    {
        if (SortedTicks.Length == 0)
        {
            return double.NaN;
        }
        var index = (int)Math.Ceiling(percentile / 100 * SortedTicks.Length) - 1;
        return SortedTicks[Math.Clamp(index, 0, SortedTicks.Length - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
