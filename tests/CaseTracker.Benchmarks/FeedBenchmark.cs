using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Server.Storage;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Benchmarks;

/// <summary>
/// The change feed against a bare server stream measured in the same run, and the server's memory while a
/// watcher that reads nothing is attached as events keep being written.
/// </summary>
public static class FeedBenchmark
{
    public static async Task RunAsync(int events)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casetracker-feed-" + Guid.NewGuid().ToString("N"));
        var port = Ports.Free();
        var app = CaseTrackerApp.Build([.. BenchmarkServer.Settings(folder, port), "--Limits:StreamWriteTimeout=00:10:00"]);
        RawStreamService.Map(app);
        await app.StartAsync();
        try
        {
            var token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker", Party.TJ, Role.Auditor, "bench.auditor", "Benchmark", TimeSpan.FromHours(2), DateTime.UtcNow);
            using var client = CaseTrackerClient.Create(new Uri($"http://127.0.0.1:{port}"), () => token, new SocketsHttpHandler { EnableMultipleHttp2Connections = true });
            var writer = app.Services.GetRequiredService<BatchingWriter>();
            var caseId = "tf-2026-000001";
            await SeedAsync(writer, caseId, events);
            var sample = (await client.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { PageSize = 1 })).CaseEvents[0];
            RawStreamService.Message = new V1.WatchCaseEventsResponse { Event = sample }.ToByteArray();

            Console.WriteLine($"Change feed: {events:N0} events of {RawStreamService.Message.Length} bytes, client and server in one process over loopback, {Environment.ProcessorCount} cores.");
            var yardstick = await TimeAsync(() => ReadRawAsync(client, events));
            var one = await TimeAsync(() => WatchAsync(client, events));
            var ten = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, 10).Select(_ => WatchAsync(client, events))));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"bare server stream (yardstick)",-34} {events / yardstick.TotalSeconds,12:N0} messages/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"WatchCaseEvents, 1 watcher",-34} {events / one.TotalSeconds,12:N0} events/s   {events / one.TotalSeconds / (events / yardstick.TotalSeconds):0.00}x the yardstick (target >= 0.50)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"WatchCaseEvents, 10 watchers",-34} {10.0 * events / ten.TotalSeconds,12:N0} events/s in all"));

            // A watcher that reads nothing while as many events again are written.
            var before = Heap();
            using var stalled = client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest());
            await SeedAsync(writer, caseId, events);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var after = Heap();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"managed heap with one stalled watcher: {before / 1048576.0:0.0} MiB before, {after / 1048576.0:0.0} MiB after {events:N0} more events were written"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(BatchingWriter writer, string caseId, int events)
    {
        var actor = new Actor("bench.writer", Party.TJ, Role.Investigator);
        for (var done = 0; done < events; done += 10_000)
        {
            var count = Math.Min(10_000, events - done);
            await writer.WriteAloneAsync(session =>
            {
                session.Db.ChangeTracker.AutoDetectChangesEnabled = false;
                for (var i = 0; i < count; i++)
                {
                    session.RecordEvent(caseId, CaseEventDraft.Of(CaseEventType.NoteCreated, ("note", $"cases/{caseId}/notes/{done + i + 1}")), actor);
                }
                return Task.FromResult(count);
            }, CancellationToken.None);
        }
    }

    private static async Task WatchAsync(CaseTrackerClient client, int events)
    {
        using var call = client.Cases.WatchCaseEvents(new V1.WatchCaseEventsRequest());
        var received = 0;
        while (received < events && await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.ItemCase == V1.WatchCaseEventsResponse.ItemOneofCase.Event)
            {
                received++;
            }
        }
    }

    private static async Task ReadRawAsync(CaseTrackerClient client, int count)
    {
        var method = new Method<byte[], byte[]>(MethodType.ServerStreaming, RawStreamService.Name, "Stream", RawStreamService.Bytes, RawStreamService.Bytes);
        using var call = client.Channel.CreateCallInvoker().AsyncServerStreamingCall(method, null, new CallOptions(), BitConverter.GetBytes(count));
        var received = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            V1.WatchCaseEventsResponse.Parser.ParseFrom(call.ResponseStream.Current);
            received++;
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> run)
    {
        var clock = Stopwatch.StartNew();
        await run();
        return clock.Elapsed;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

}

/// <summary>
/// The yardstick: a bare server stream — gRPC frames of one pre-serialized message written over and over by
/// a plain endpoint, with no gRPC service pipeline, no interceptors and no database.
/// </summary>
public static class RawStreamService
{
    public const string Name = "bench.RawStream";

    public static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    public static byte[] Message { get; set; } = [];

    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost($"/{Name}/Stream", async (Microsoft.AspNetCore.Http.HttpContext context) =>
        {
            var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var count = BitConverter.ToInt32(body.ToArray(), 5);
            context.Response.ContentType = "application/grpc";
            var frame = new byte[5 + Message.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), Message.Length);
            Message.CopyTo(frame, 5);
            for (var i = 0; i < count; i++)
            {
                await context.Response.Body.WriteAsync(frame);
            }
            Microsoft.AspNetCore.Http.ResponseTrailerExtensions.AppendTrailer(context.Response, "grpc-status", "0");
        });
}
