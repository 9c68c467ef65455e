using System.Diagnostics.Metrics;
using CaseTracker.Server.Storage;

namespace CaseTracker.Benchmarks;

/// <summary>
/// Adds up the writer's own measurements (<see cref="WriterTelemetry"/>) while it listens: the time its batches
/// spent in each <see cref="WriterPhase"/>, the batches and the mutations in them. Read before and after a phase
/// of the load, the difference says where a durable change's time goes inside the writer.
/// </summary>
public sealed class WriterPhases : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly double[] _seconds = new double[Enum.GetValues<WriterPhase>().Length];
    private long _batches;
    private long _mutations;

    public WriterPhases()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == WriterTelemetry.Name
                && instrument.Name is "casetracker.writer.phase_duration" or "casetracker.writer.batch_size")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "phase" && Enum.TryParse<WriterPhase>((string)tag.Value!, ignoreCase: true, out var phase))
                {
                    lock (_seconds)
                    {
                        _seconds[(int)phase] += seconds;
                    }
                }
            }
        });
        _listener.SetMeasurementEventCallback<int>((_, size, _, _) =>
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _mutations, size);
        });
        _listener.Start();
    }

    /// <summary>What was measured so far.</summary>
    public Snapshot Take()
    {
        lock (_seconds)
        {
            return new Snapshot([.. _seconds], Interlocked.Read(ref _batches), Interlocked.Read(ref _mutations));
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>Seconds per phase (indexed by <see cref="WriterPhase"/>), batches and mutations committed.</summary>
    public sealed record Snapshot(double[] Seconds, long Batches, long Mutations)
    {
        /// <summary>This snapshot less an earlier one: what was measured in between.</summary>
        public Snapshot Since(Snapshot before) => new(
            [.. Seconds.Zip(before.Seconds, (a, b) => a - b)], Batches - before.Batches, Mutations - before.Mutations);

        /// <summary>One line: the average batch, then each phase's time per mutation in microseconds.</summary>
        public string PerMutation()
        {
            if (Mutations == 0)
            {
                return "no batch committed";
            }
            var phases = Enum.GetValues<WriterPhase>().Select(p => Format($"{WriterTelemetry.PhaseName(p)} {Seconds[(int)p] * 1e6 / Mutations:0} µs"));
            return Format($"{Mutations / (double)Batches:0.0} mutations a batch; per mutation: {string.Join(", ", phases)} (writer busy {Seconds.Sum() * 1e6 / Mutations:0} µs)");
        }

        private static string Format(FormattableString text) => FormattableString.Invariant(text);
    }
}
