using System.Net;
using System.Text.Json;
using CaseTracker.Server.Storage;
using CaseTracker.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CaseTracker.Tests.Hosting;

/// <summary>Load balancers that cannot speak gRPC ask <c>/healthz/live</c> and <c>/healthz/ready</c> over plain HTTP, with no token.</summary>
public sealed class HttpHealthTests
{
    [Fact]
    public async Task Live_OnARunningServer_Answers200()
    {
        using var host = new CaseTrackerHost();

        using var response = await host.CreateClient().GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await StatusOf(response));
    }

    [Fact]
    public async Task Ready_WithTheDatabaseMigrated_Answers200AndNamesEachCheck()
    {
        using var host = new CaseTrackerHost();

        using var response = await host.CreateClient().GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var checks = body.RootElement.GetProperty("checks");
        foreach (var name in new[] { "database", "migrations", "stopping" })
        {
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Ready_WhenTheDatabaseLacksAMigration_Answers503WhileLiveStays200()
    {
        using var host = new CaseTrackerHost();
        var http = host.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);

        await ForgetNewestMigrationAsync(host);

        using var ready = await http.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        var migrations = body.RootElement.GetProperty("checks").GetProperty("migrations");
        Assert.Equal("Unhealthy", migrations.GetProperty("status").GetString());
        Assert.Contains("lacks 1 migration(s)", migrations.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
    }

    [Theory]
    [InlineData(null, "simple")]
    [InlineData("json", "json")]
    public void ConsoleLogs_AreSimpleByDefault_AndJsonWhenAskedFor(string? format, string formatter)
    {
        using var host = format is null ? new CaseTrackerHost() : CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Logging:Format"] = format });

        var console = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(formatter, console.FormatterName);
    }

    private static async Task<string?> StatusOf(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("status").GetString();
    }

    private static async Task ForgetNewestMigrationAsync(CaseTrackerHost host)
    {
        var storage = host.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        await using var db = new CaseTrackerDbContext(storage.Apply(new DbContextOptionsBuilder<CaseTrackerDbContext>(), writer: false).Options);
        await db.Database.ExecuteSqlRawAsync(
            "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = (SELECT MAX(\"MigrationId\") FROM \"__EFMigrationsHistory\")");
    }
}
