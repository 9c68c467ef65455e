using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Deadlines;
using CaseTracker.Server.Security;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using V1 = CaseTracker.V1;

namespace CaseTracker.Benchmarks;

/// <summary>
/// The server under steady mixed traffic for a long time: reads, new cases and state changes from 16 workers, one
/// watcher following the log, a list import every minute and the deadline scan every 15 s. Each minute it prints the
/// calls answered, their p99, the managed heap, the working set, the WAL file's size and the open file handles —
/// figures that should stay flat (the WAL checkpointed, nothing growing) for as long as the server runs.
/// </summary>
public static class SoakBenchmark
{
    private const int Workers = 16;

    public static async Task RunAsync(int minutes)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casetracker-soak-" + Guid.NewGuid().ToString("N"));
        var port = Ports.Free();
        var app = CaseTrackerApp.Build(BenchmarkServer.Settings(folder, port));
        await app.StartAsync();
        using var stop = new CancellationTokenSource();
        try
        {
            using var supervisor = Client(app, port, Party.TJ, Role.Supervisor);
            using var ministry = Client(app, port, Party.RU, Role.MinistrySystem);
            using var auditor = Client(app, port, Party.RU, Role.Auditor);
            var cases = new List<string>();
            for (var i = 0; i < Workers * 4; i++)
            {
                cases.Add((await supervisor.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(i) })).Name);
            }
            Console.WriteLine($"Soak: {minutes} min, {Workers} workers (60% GetCase, 25% CreateCase, 15% Request/RecordResponse), one watcher, "
                + $"a list import of 2,000 records a minute, the deadline scan every 15 s; {Environment.ProcessorCount} cores, client and server in one process.");
            Console.WriteLine($"{"minute",6} {"calls",8} {"errors",7} {"calls/s",8} {"p99 ms",8} {"heap MiB",9} {"working set MiB",16} {"WAL MiB",8} {"handles",8} {"watched",9}");

            var latencies = new MinuteLatencies();
            var watched = 0L;
            var traffic = Enumerable.Range(0, Workers).Select(worker => Task.Run(() => WorkAsync(supervisor, cases, worker, latencies, stop.Token))).ToList();
            traffic.Add(Task.Run(async () =>
            {
                await foreach (var _ in auditor.WatchAsync(0, stop.Token))
                {
                    Interlocked.Increment(ref watched);
                }
            }));
            traffic.Add(Task.Run(() => ImportEveryMinuteAsync(ministry, stop.Token)));
            traffic.Add(Task.Run(() => ScanEvery15SecondsAsync(app, stop.Token)));

            var wal = Path.Combine(folder, "casetracker.db-wal");
            for (var minute = 1; minute <= minutes; minute++)
            {
                await Task.Delay(TimeSpan.FromMinutes(1));
                var (calls, errors, p99) = latencies.TakeMinute();
                using var process = Process.GetCurrentProcess();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{minute,6} {calls,8} {errors,7} {calls / 60.0,8:0} {p99,8:0.0} {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0,9:0.0} {process.WorkingSet64 / 1048576.0,16:0.0} "
                    + $"{(File.Exists(wal) ? new FileInfo(wal).Length : 0) / 1048576.0,8:0.0} {OpenHandles(process),8} {Interlocked.Read(ref watched),9}"));
            }
            await stop.CancelAsync();
            await Task.WhenAll(traffic.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
            Console.WriteLine("Errors by reason: " + (latencies.Reasons.IsEmpty ? "none" : string.Join(", ", latencies.Reasons.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}"))));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WorkAsync(CaseTrackerClient client, List<string> cases, int worker, MinuteLatencies latencies, CancellationToken stop)
    {
        var own = cases[worker];
        var awaiting = false;
        var random = new Random(worker);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var ok = true;
            try
            {
                var pick = random.Next(100);
                if (pick < 60)
                {
                    await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = cases[random.Next(cases.Count)] }, cancellationToken: stop);
                }
                else if (pick < 85)
                {
                    await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(worker * 1_000_000 + i) }, cancellationToken: stop);
                }
                else if (awaiting)
                {
                    // Each change carries a request ID, so the client library may retry it after a dropped call.
                    await client.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = own, Summary = "Received.", RequestId = Guid.NewGuid().ToString() }, cancellationToken: stop);
                    awaiting = false;
                }
                else
                {
                    await client.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = own, Party = V1.Party.Ru, Awaited = "Decision file.", RequestId = Guid.NewGuid().ToString() }, cancellationToken: stop);
                    awaiting = true;
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (CaseTrackerException error)
            {
                ok = false;
                latencies.Refused(string.IsNullOrEmpty(error.Reason) ? error.StatusCode.ToString() : error.Reason);
                // A change whose answer was lost may still have been made: the worker takes its case's state from the server.
                awaiting = await AwaitingAsync(client, own, awaiting, stop);
            }
            latencies.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok);
        }
    }

    private static async Task<bool> AwaitingAsync(CaseTrackerClient client, string name, bool believed, CancellationToken stop)
    {
        try
        {
            return (await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = name }, cancellationToken: stop)).AwaitingResponse is not null;
        }
        catch (CaseTrackerException)
        {
            return believed;
        }
    }

    private static async Task ImportEveryMinuteAsync(CaseTrackerClient ministry, CancellationToken stop)
    {
        for (var minute = 0; !stop.IsCancellationRequested; minute++)
        {
            var records = Enumerable.Range(1, 2_000).Select(line => new V1.PersonRecord
            {
                Line = line, Surname = $"SOAK{line % 97}", GivenName = "TEST", DateOfBirth = "1990-01-01",
                PassportNumber = $"5{minute:D3}{line:D5}", SourceReference = $"SOAK-{minute}-{line}",
            }).ToList();
            try
            {
                var header = new V1.PersonListHeader { ImportId = $"soak-{minute}", Kind = V1.PersonListKind.ExpulsionList, AsOfTime = Timestamp.FromDateTime(DateTime.UtcNow.Date) };
                await ministry.ImportPersonListAsync(header, records, cancellationToken: stop);
                await Task.Delay(TimeSpan.FromMinutes(1), stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private static async Task ScanEvery15SecondsAsync(WebApplication app, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await app.Services.GetRequiredService<EscalateDueDeadlinesJob>().RunAsync(stop);
                await Task.Delay(TimeSpan.FromSeconds(15), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static int OpenHandles(Process process) =>
        Directory.Exists("/proc/self/fd") ? Directory.EnumerateFileSystemEntries("/proc/self/fd").Count() : process.HandleCount;

    private static CaseTrackerClient Client(WebApplication app, int port, Party party, Role role)
    {
        var token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker", party, role,
            $"soak.{party}.{role}".ToLowerInvariant(), "Soak", TimeSpan.FromHours(48), DateTime.UtcNow);
        return CaseTrackerClient.Create(new Uri($"http://127.0.0.1:{port}"), () => token, new SocketsHttpHandler { EnableMultipleHttp2Connections = true });
    }

    private static V1.Case Draft(int i) => new()
    {
        IntakeChannel = V1.IntakeChannel.MinistrySystem,
        Priority = V1.Priority.Normal,
        Subject = new V1.Subject { NameLatin = $"SOAK SUBJECT {i}", Citizenship = "TJK", PassportNumber = $"40{i % 10_000_000:D7}" },
        EnforcementAction = new V1.EnforcementAction { Type = V1.EnforcementActionType.RegistryPlacement, RegistryGround = V1.RegistryGround.SojournExpired, Region = "Moscow" },
        Allegations = { V1.AllegationCode.WrongfulListingAlreadyLeft },
    };

    /// <summary>The latencies of one minute's calls, taken and reset each minute.</summary>
    private sealed class MinuteLatencies
    {
        private readonly Lock _lock = new();
        private List<double> _times = [];
        private long _errors;

        /// <summary>The refusals of the whole run, by reason.</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, long> Reasons { get; } = new(StringComparer.Ordinal);

        public void Refused(string reason) => Reasons.AddOrUpdate(reason, 1, (_, count) => count + 1);

        public void Record(double milliseconds, bool ok)
        {
            lock (_lock)
            {
                _times.Add(milliseconds);
                _errors += ok ? 0 : 1;
            }
        }

        public (int Calls, long Errors, double P99) TakeMinute()
        {
            List<double> times;
            long errors;
            lock (_lock)
            {
                (times, _times, errors, _errors) = (_times, [], _errors, 0);
            }
            times.Sort();
            return (times.Count, errors, times.Count == 0 ? 0 : times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)]);
        }
    }
}
