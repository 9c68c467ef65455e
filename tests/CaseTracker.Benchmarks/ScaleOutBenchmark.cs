using System.Globalization;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseTracker.Benchmarks;

/// <summary>
/// Durable mutations (CreateCase, then StartInvestigation on the same case) through the client, with the same
/// load in the same run on: SQLite with one node, PostgreSQL with one node, and PostgreSQL with two nodes
/// sharing one database and the load split between them. Every node is a full server on its own loopback port.
/// </summary>
public static class ScaleOutBenchmark
{
    public static async Task RunAsync(string postgres, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        Console.WriteLine($"Scale-out: {concurrency} concurrent clients, {duration.TotalSeconds:0} s per setup after {warmup.TotalSeconds:0} s warm-up; " +
            "each call is one durable mutation (CreateCase or StartInvestigation); client and nodes share the machine's cores.");
        var results = new List<(string Setup, LoadResult Result)>
        {
            ("SQLite, 1 node", await MeasureAsync(["--Storage:Provider=Sqlite"], nodes: 1, concurrency, warmup, duration)),
        };
        var database = $"ct_bench_{Guid.NewGuid():N}";
        var connection = CreateDatabase(postgres, database);
        results.Add(("PostgreSQL, 1 node", await MeasureAsync(["--Storage:Provider=Postgres", $"--Storage:ConnectionString={connection}"], 1, concurrency, warmup, duration)));
        DropDatabase(postgres, database);
        CreateDatabase(postgres, database);
        results.Add(("PostgreSQL, 2 nodes", await MeasureAsync(["--Storage:Provider=Postgres", $"--Storage:ConnectionString={connection}"], 2, concurrency, warmup, duration)));
        DropDatabase(postgres, database);

        Console.WriteLine();
        Console.WriteLine($"{"setup",-22} {"mutations",10} {"errors",7} {"per s",8} {"p50 ms",8} {"p99 ms",8} {"vs SQLite",10}");
        foreach (var (setup, r) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{setup,-22} {r.Calls,10} {r.Errors,7} {r.PerSecond,8:0} {r.PercentileMs(50),8:0.00} {r.PercentileMs(99),8:0.00} {r.PerSecond / results[0].Result.PerSecond,9:0.00}x"));
        }
        Console.WriteLine();
        foreach (var (setup, r) in results)
        {
            Console.WriteLine($"{setup}: {r.Cores}");
        }
    }

    private static async Task<LoadResult> MeasureAsync(string[] storage, int nodes, int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casetracker-scale-" + Guid.NewGuid().ToString("N"));
        var apps = new List<WebApplication>();
        var clients = new List<CaseTrackerClient>();
        try
        {
            for (var node = 0; node < nodes; node++)
            {
                var port = Ports.Free();
                // The nodes share the folder of development keys, as nodes share their configured keys.
                var app = CaseTrackerApp.Build([.. storage, .. BenchmarkServer.Settings(folder, port)]);
                await app.StartAsync();
                apps.Add(app);
                var token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker",
                    Server.Cases.Party.TJ, Server.Cases.Role.Supervisor, "bench.supervisor", "Benchmark", TimeSpan.FromHours(2), DateTime.UtcNow);
                clients.Add(CaseTrackerClient.Create(new Uri($"http://127.0.0.1:{port}"), () => token,
                    new SocketsHttpHandler { EnableMultipleHttp2Connections = true }));
            }
            var open = new string?[concurrency];
            return await LoadRun.RunAsync("mutation", concurrency, warmup, duration, async (worker, i) =>
            {
                // Workers alternate between the nodes; a case filed on one node is moved on by the next call.
                var client = clients[(int)((worker + i) % clients.Count)];
                if (open[worker] is { } name)
                {
                    open[worker] = null;
                    await client.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = name });
                    return;
                }
                open[worker] = (await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft(worker) })).Name;
            });
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
            foreach (var app in apps)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
            NpgsqlConnection.ClearAllPools();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string CreateDatabase(string server, string database)
    {
        Admin(server, $"CREATE DATABASE \"{database}\"");
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    private static void DropDatabase(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        Admin(server, $"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
    }

    private static void Admin(string server, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static V1.Case Draft(int i) => new()
    {
        IntakeChannel = V1.IntakeChannel.MinistrySystem,
        Priority = V1.Priority.Normal,
        Subject = new V1.Subject { NameLatin = $"BENCHMARK SUBJECT {i}", Citizenship = "TJK", PassportNumber = $"40{i:D7}" },
        EnforcementAction = new V1.EnforcementAction { Type = V1.EnforcementActionType.RegistryPlacement, RegistryGround = V1.RegistryGround.SojournExpired, Region = "Moscow" },
        Allegations = { V1.AllegationCode.WrongfulListingAlreadyLeft },
    };

}
