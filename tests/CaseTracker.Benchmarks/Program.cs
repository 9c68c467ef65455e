using System.Globalization;
using CaseTracker.Benchmarks;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Security;
using Grpc.AspNetCore.HealthChecks;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using V1 = CaseTracker.V1;

// Drives the real server through the real client over loopback and prints throughput and latency
// percentiles, with two yardsticks measured in the same run: a bare gRPC call (the health check, answered from its
// cache) for every call, and one plain EF Core insert per call for durable writes.
// The writer's own measurements say where a durable change's time goes inside it; each phase also prints what the
// whole process spent per call (CPU, bytes allocated, contended locks) and how long the GC paused it. `--set Key=Value` passes a
// setting to the server (for example `--set Storage:CaseCacheSize=0` for reads that never hit the read cache);
// `--profile FOLDER` writes a trace of each phase (see PhaseProfiler).
//
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- [--concurrency 100] [--seconds 10] [--warmup 5] [--set Key=Value]... [--profile FOLDER [--profile-with perf]]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --deadline-scan [--due 10000]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --feed [--events 100000]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --review [--largest 1000000]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --lists [--largest 700000]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --search [--cases 1000000] [--repeats 20]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --registry [--records 700000]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --scale-out   (needs CASETRACKER_TEST_POSTGRES; see README)
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --documents [--size-mib 50] [--concurrent 10]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --soak [--minutes 10]
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- --web [--cases 100000] [--repeats 10]

if (args.Contains("--documents"))
{
    await DocumentBenchmark.RunAsync(Option("--size-mib", 50), Option("--concurrent", 10));
    return 0;
}

if (args.Contains("--web"))
{
    await WebBenchmark.RunAsync(Option("--cases", 100_000), Option("--repeats", 10));
    return 0;
}

if (args.Contains("--soak"))
{
    await SoakBenchmark.RunAsync(Option("--minutes", 10));
    return 0;
}

if (args.Contains("--feed"))
{
    await FeedBenchmark.RunAsync(Option("--events", 100_000));
    return 0;
}

if (args.Contains("--scale-out"))
{
    var postgres = Environment.GetEnvironmentVariable("CASETRACKER_TEST_POSTGRES");
    if (string.IsNullOrEmpty(postgres))
    {
        Console.Error.WriteLine("--scale-out needs a PostgreSQL server: eval \"$(bash .ci/postgres.sh)\" sets CASETRACKER_TEST_POSTGRES.");
        return 1;
    }
    await ScaleOutBenchmark.RunAsync(postgres, Option("--concurrency", 100), TimeSpan.FromSeconds(Option("--warmup", 2)), TimeSpan.FromSeconds(Option("--seconds", 10)));
    return 0;
}

if (args.Contains("--lists"))
{
    await ReconciliationBenchmark.RunAsync([.. new[] { 124_000, 700_000 }.Where(size => size <= Option("--largest", 700_000))]);
    return 0;
}

if (args.Contains("--registry"))
{
    await RegistryBenchmark.RunAsync(Option("--records", 700_000));
    return 0;
}

if (args.Contains("--review"))
{
    await ReviewBenchmark.RunAsync([.. new[] { 10_000, 100_000, 1_000_000 }.Where(size => size <= Option("--largest", 1_000_000))]);
    return 0;
}

if (args.Contains("--search"))
{
    await SearchBenchmark.RunAsync(Option("--cases", 1_000_000), Option("--repeats", 20));
    return 0;
}

if (args.Contains("--deadline-scan"))
{
    await DeadlineScanBenchmark.RunAsync([10_000, 100_000, 1_000_000], due: Option("--due", 10_000));
    return 0;
}

var concurrency = Option("--concurrency", 100);
var duration = TimeSpan.FromSeconds(Option("--seconds", 10));
// Two cores take a few seconds to JIT the hot paths' final code (tiered compilation): before that, a phase measures the compiler.
var warmup = TimeSpan.FromSeconds(Option("--warmup", 5));
var profiler = new PhaseProfiler(Word("--profile") is { } traces ? Path.GetFullPath(traces) : null, usePerf: Word("--profile-with") == "perf");
using var writerPhases = new WriterPhases();
var folder = Path.Combine(Path.GetTempPath(), "casetracker-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);

var grpcPort = Ports.Free();
var app = CaseTrackerApp.Build(
    [
        $"--Endpoints:Grpc=http://127.0.0.1:{grpcPort}",
        $"--Endpoints:Http=http://127.0.0.1:{Ports.Free()}",
        $"--Storage:DataDirectory={folder}",
        "--Logging:LogLevel:Default=Warning",
        // One caller drives all the load here; the per-caller rate limit would measure itself.
        "--Limits:RequestsPerSecond=1000000",
        "--Limits:Burst=1000000",
        .. args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--set" && a.i + 1 < args.Length).Select(a => "--" + args[a.i + 1]),
    ],
    builder =>
    {
        // The yardstick is the bare call: answered from the published health status, not by running the checks.
        builder.Services.Configure<GrpcHealthChecksOptions>(options => options.UseHealthChecksCache = true);
        builder.Services.Configure<HealthCheckPublisherOptions>(options => options.Delay = TimeSpan.Zero);
    });
await app.StartAsync();

var token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker",
    CaseTracker.Server.Cases.Party.TJ, CaseTracker.Server.Cases.Role.Supervisor, "bench.supervisor", "Benchmark", TimeSpan.FromHours(2), DateTime.UtcNow);
using var client = CaseTrackerClient.Create(
    new Uri($"http://127.0.0.1:{grpcPort}"), () => token, new SocketsHttpHandler { EnableMultipleHttp2Connections = true });
var health = new Health.HealthClient(client.Channel);

Console.WriteLine($"CaseTracker benchmark: {concurrency} concurrent calls, {duration.TotalSeconds:0} s per phase after {warmup.TotalSeconds:0} s warm-up, " +
    $"{Environment.ProcessorCount} cores, client and server in one process over loopback.");

var readTargets = new List<string>();
for (var i = 0; i < 200; i++)
{
    readTargets.Add((await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(i) })).Name);
}
var ownCases = new string[concurrency];
for (var i = 0; i < concurrency; i++)
{
    ownCases[i] = (await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(i) })).Name;
}
var awaiting = new bool[concurrency];

for (var attempt = 0; ; attempt++)
{
    try
    {
        await health.CheckAsync(new HealthCheckRequest());
        break;
    }
    catch (Grpc.Core.RpcException) when (attempt < 100)
    {
        await Task.Delay(100); // the first health status is not published yet
    }
}

var naive = new NaiveBaseline(Path.Combine(folder, "naive.db"));
await naive.PrepareAsync();

// Every kind of call for twice the warm-up first, so that tiered compilation has finished with the whole pipeline
// before the first phase is measured (the first phase measured the JIT otherwise).
await LoadRun.RunAsync("warm-up", concurrency, TimeSpan.Zero, warmup * 2, async (worker, i) =>
{
    var readTarget = readTargets[(int)((worker * 7919 + i) % readTargets.Count)];
    Task next = (worker % 3) switch
    {
        0 => health.CheckAsync(new HealthCheckRequest()).ResponseAsync,
        1 => client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = readTarget }).ResponseAsync,
        _ => client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(worker) }).ResponseAsync,
    };
    await next;
});

var results = new List<LoadResult>
{
    await LoadRun.RunAsync("yardstick: health check", concurrency, warmup, duration,
        async (_, _) => await health.CheckAsync(new HealthCheckRequest()), profiler),
    await LoadRun.RunAsync("GetCase", concurrency, warmup, duration,
        async (worker, i) => await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = readTargets[(int)((worker * 7919 + i) % readTargets.Count)] }), profiler),
    await LoadRun.RunAsync("yardstick: naive EF insert", concurrency, warmup, duration, naive.InsertOneAsync, profiler),
    await LoadRun.RunAsync("CreateCase", concurrency, warmup, duration,
        async (worker, i) => await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(worker + (int)i) }), profiler, writerPhases),
    await LoadRun.RunAsync("state change (Request/RecordResponse)", concurrency, warmup, duration, async (worker, _) =>
    {
        if (awaiting[worker])
        {
            await client.Cases.RecordResponseAsync(new V1.RecordResponseRequest { Name = ownCases[worker], Summary = "Received." });
        }
        else
        {
            await client.Cases.RequestResponseAsync(new V1.RequestResponseRequest { Name = ownCases[worker], Party = V1.Party.Ru, Awaited = "Decision file." });
        }
        awaiting[worker] = !awaiting[worker];
    }, profiler, writerPhases),
};

Console.WriteLine();
Console.WriteLine($"{"call",-40} {"calls",9} {"errors",7} {"req/s",9} {"p50 ms",8} {"p99 ms",8} {"p99.9 ms",9}");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Name,-40} {r.Calls,9} {r.Errors,7} {r.PerSecond,9:0} {r.PercentileMs(50),8:0.00} {r.PercentileMs(99),8:0.00} {r.PercentileMs(99.9),9:0.00}"));
}
var yardstick = results[0];
var naiveResult = results[2];
Console.WriteLine();
Console.WriteLine($"{"call",-40} {"/ bare call",12} {"/ naive insert",15} {"target",30}");
Report(results[1], "0.60x bare, p99 <= 20 ms");
Report(results[3], "0.30x bare, p99 <= 30 ms");
Report(results[4], "0.30x bare, p99 <= 30 ms");
Console.WriteLine();
foreach (var r in results)
{
    Console.WriteLine($"{r.Name}, the whole process per call: {r.Cost!.PerCall(r.Calls, r.Elapsed)}");
    Console.WriteLine($"  {r.Cores}");
}
Console.WriteLine();
foreach (var r in results.Where(r => r.Writer is not null))
{
    Console.WriteLine($"{r.Name} in the writer: {r.Writer!.PerMutation()}");
}
if (profiler.Enabled)
{
    Console.WriteLine("Traced while measured: the rates above include the tracing's own cost.");
}

await app.StopAsync();
await app.DisposeAsync();
try
{
    Directory.Delete(folder, recursive: true);
}
catch (IOException)
{
    // A leftover temporary folder is harmless.
}
return 0;

static V1.Case Draft(int i) => new()
{
    IntakeChannel = V1.IntakeChannel.MinistrySystem,
    Priority = V1.Priority.Normal,
    Subject = new V1.Subject { NameLatin = $"BENCHMARK SUBJECT {i}", Citizenship = "TJK", PassportNumber = $"40{i:D7}" },
    EnforcementAction = new V1.EnforcementAction { Type = V1.EnforcementActionType.RegistryPlacement, RegistryGround = V1.RegistryGround.SojournExpired, Region = "Moscow" },
    Allegations = { V1.AllegationCode.WrongfulListingAlreadyLeft },
};

void Report(LoadResult r, string target) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{r.Name,-40} {r.PerSecond / yardstick.PerSecond,11:0.00}x {r.PerSecond / naiveResult.PerSecond,14:0.00}x {target,30}"));

string? Word(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int Option(string name, int fallback) => Word(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

