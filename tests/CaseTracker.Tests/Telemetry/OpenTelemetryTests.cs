using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Hosting;
using CaseTracker.Tests.Support;
using CaseTracker.Tests.Telemetry.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Telemetry;

/// <summary>
/// With <c>OpenTelemetry:Otlp:Endpoint</c> set, the server exports its traces, metrics and logs to the collector
/// there (here one in the test process, over OTLP/HTTP): one CreateCase's trace holds the call, the writer's
/// commit and its SQL, and nothing exported carries the subject's personal data.
/// </summary>
public sealed class OpenTelemetryTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _received = new();
    private WebApplication _collector = null!;
    private int _port;

    public async Task InitializeAsync()
    {
        _port = LoopbackPorts.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        builder.Logging.ClearProviders();
        _collector = builder.Build();
        _collector.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _received.Enqueue((signal, body.ToArray()));
            return Results.Bytes([], "application/x-protobuf");
        });
        await _collector.StartAsync();
    }

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    [Fact]
    public async Task OneCreateCase_IsTracedThroughItsCommitAndSql_AndNothingExportedCarriesPersonalData()
    {
        string caseName;
        using (var host = CaseTrackerHost.WithSettings(new Dictionary<string, string>
        {
            ["OpenTelemetry:Otlp:Endpoint"] = $"http://127.0.0.1:{_port}",
            ["OpenTelemetry:Otlp:Protocol"] = "http/protobuf",
            ["Limits:Burst"] = "1000",
        }))
        {
            caseName = await WorkACaseWithPersonalDataAsync(host);
        } // stopping the host flushes every exporter

        var spans = await ExportedSpansAsync();
        var createCase = spans.Where(span => span.Span.Name.Contains("CaseService/CreateCase", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(createCase);
        var traced = createCase.Select(call => spans.Where(span => span.Span.TraceId == call.Span.TraceId).ToList())
            .FirstOrDefault(trace => trace.Any(span => span.Span.Name == "BatchingWriter commit"));
        Assert.True(traced is not null, "no CreateCase trace holds the writer's commit; spans: " + string.Join(", ", spans.Select(s => s.Span.Name).Distinct()));
        var commit = traced.Single(span => span.Span.Name == "BatchingWriter commit");
        Assert.Contains(traced, span => span.Span.SpanId == commit.Span.ParentSpanId);
        Assert.Contains(traced, span => span.Span.ParentSpanId == commit.Span.SpanId && span.Span.Attributes.Any(a => a.Key.StartsWith("db.", StringComparison.Ordinal)));
        Assert.Contains(traced, span => span.Scope.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(_received, export => export.Signal == "metrics");
        Assert.Contains(_received, export => export.Signal == "logs");
        Assert.False(string.IsNullOrEmpty(caseName));

        var exported = _received.Select(export => (export.Signal, Text: Encoding.UTF8.GetString(export.Body))).ToList();
        var leaks = exported.SelectMany(export => PersonalDataScenario.Secrets
            .Where(secret => export.Text.Contains(secret, StringComparison.OrdinalIgnoreCase))
            .Select(secret => $"{export.Signal}: {secret}")).Distinct().ToList();
        Assert.True(leaks.Count == 0, "Personal data exported: " + string.Join(", ", leaks));
    }

    [Fact]
    public async Task Metrics_AreServedForPrometheus_OnTheHttpEndpoint()
    {
        using var host = new CaseTrackerHost();
        var client = host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova");
        await client.CreateAsync(NewCase());

        using var response = await host.CreateClient().GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("casetracker_rpc_server_duration", text, StringComparison.Ordinal);
        Assert.Contains("casetracker_writer_commit_duration", text, StringComparison.Ordinal);
        Assert.Contains("casetracker_writer_queue_depth", text, StringComparison.Ordinal);
        Assert.Contains("casetracker_notifications_pending", text, StringComparison.Ordinal);
    }

    /// <summary>Kestrel's buffers come from the server's own pool of 64 KiB blocks, and what it holds is a metric.</summary>
    [Fact]
    public async Task Metrics_ShowWhatKestrelsBufferPoolHolds()
    {
        await using var server = await LoopbackServer.StartAsync();
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(server.HttpEndpoint, "/healthz"))).Dispose();

        var text = await http.GetStringAsync(new Uri(server.HttpEndpoint, "/metrics"));

        var held = text.Split('\n').Single(line => line.StartsWith("casetracker_transport_pool_size", StringComparison.Ordinal) && !line.StartsWith('#'));
        Assert.True(long.Parse(held.Split(' ')[^1].Split('.')[0], System.Globalization.CultureInfo.InvariantCulture) >= LargeBlockMemoryPool.BlockBytes, held);
        Assert.DoesNotContain("aspnetcore_memory_pool", text, StringComparison.Ordinal);
    }

    /// <summary>The personal-data scenario over gRPC, then over REST: a search by name in the query string, a refused body.</summary>
    private static async Task<string> WorkACaseWithPersonalDataAsync(CaseTrackerHost host)
    {
        var created = await PersonalDataScenario.RunAsync(host);
        var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));
        using var overRest = await http.GetAsync("/v1/cases?filter=" + Uri.EscapeDataString("subject.name : \"ZAFAROVA\""));
        using var badOverRest = await http.PostAsync("/v1/cases", new StringContent(
            """{"case": {"subject": {"nameLatin": "ZAFAROVA JAMILA", "passportNumber": "AB7712345", "citizenship": "Зафарова"}}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, overRest.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badOverRest.StatusCode);
        return created.Name;
    }

    private async Task<List<(string Scope, Span Span)>> ExportedSpansAsync()
    {
        for (var wait = 0; wait < 50 && !_received.Any(export => export.Signal == "traces"); wait++)
        {
            await Task.Delay(100);
        }
        return _received.Where(export => export.Signal == "traces")
            .SelectMany(export => ExportTraceServiceRequest.Parser.ParseFrom(export.Body).ResourceSpans)
            .SelectMany(resource => resource.ScopeSpans)
            .SelectMany(scope => scope.Spans.Select(span => (scope.Scope?.Name ?? string.Empty, span)))
            .ToList();
    }
}
