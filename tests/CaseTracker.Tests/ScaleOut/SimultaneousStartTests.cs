using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Npgsql;

namespace CaseTracker.Tests.ScaleOut;

/// <summary>
/// Nodes started at the same moment on an empty PostgreSQL database all come up: the migrations and Hangfire's
/// schema install run under one advisory lock, so the first node creates the tables and the others wait and find
/// them made (before, one of two nodes often aborted on "relation already exists").
/// </summary>
public sealed class SimultaneousStartTests
{
    [PostgresFact]
    public async Task ThreeNodesStartedAtOnceOnAFreshDatabase_AllComeUp_TenTimes()
    {
        for (var round = 1; round <= 10; round++)
        {
            var dataDirectory = Path.Combine(Path.GetTempPath(), "casetracker-tests", $"start-{round}-" + Guid.NewGuid().ToString("N"));
            var settings = new Dictionary<string, string> { ["Hangfire:Storage"] = "Postgres" };
            TestDatabase.ForDataDirectory(dataDirectory); // the empty database, made once: the nodes race for what goes in it
            var nodes = Enumerable.Range(0, 3).Select(_ => CaseTrackerHost.OnDataDirectory(dataDirectory, settings)).ToList();
            try
            {
                using var go = new Barrier(nodes.Count);
                await Task.WhenAll(nodes.Select(node => Task.Run(() =>
                {
                    go.SignalAndWait();
                    _ = node.Server;
                })));

                foreach (var node in nodes)
                {
                    var page = await node.ClientFor(Party.RU, Role.Investigator).Cases.ListCasesAsync(new V1.ListCasesRequest());
                    Assert.Empty(page.Cases);
                }
                Assert.Equal(1, CountSchemas(dataDirectory));
            }
            finally
            {
                nodes.ForEach(node => node.Dispose());
                TestDatabase.Drop(dataDirectory);
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static long CountSchemas(string dataDirectory)
    {
        using var connection = new NpgsqlConnection(TestDatabase.ForDataDirectory(dataDirectory));
        connection.Open();
        using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'hangfire'", connection);
        return (long)command.ExecuteScalar()!;
    }
}
