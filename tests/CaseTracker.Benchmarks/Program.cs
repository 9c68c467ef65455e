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
// percentiles, with two yardsticks measured in the same run: a bare gRPC call (the health check, answered
// from its cache) for reads, and one plain EF Core insert per call for durable writes.
//
//   dotnet run -c Release --project tests/CaseTracker.Benchmarks -- [--concurrency 100] [--seconds 10] [--warmup 2]
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
var warmup = TimeSpan.FromSeconds(Option("--warmup", 2));
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

var results = new List<LoadResult>
{
    await LoadRun.RunAsync("yardstick: health check", concurrency, warmup, duration,
        async (_, _) => await health.CheckAsync(new HealthCheckRequest())),
    await LoadRun.RunAsync("GetCase", concurrency, warmup, duration,
        async (worker, i) => await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = readTargets[(int)((worker * 7919 + i) % readTargets.Count)] })),
    await LoadRun.RunAsync("yardstick: naive EF insert", concurrency, warmup, duration, naive.InsertOneAsync),
    await LoadRun.RunAsync("CreateCase", concurrency, warmup, duration,
        async (worker, i) => await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(worker + (int)i) })),
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
    }),
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
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GetCase / bare gRPC call:          {results[1].PerSecond / yardstick.PerSecond:0.00}x  (target >= 0.50)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CreateCase / naive EF insert:       {results[3].PerSecond / naiveResult.PerSecond:0.00}x  (target >= 2), p99 {results[3].PercentileMs(99):0.0} ms (target <= 50)"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"State change / naive EF insert:     {results[4].PerSecond / naiveResult.PerSecond:0.00}x  (target >= 2), p99 {results[4].PercentileMs(99):0.0} ms (target <= 50)"));

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

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

