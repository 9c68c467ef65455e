using System.Diagnostics;
using System.Globalization;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Benchmarks;

/// <summary>
/// Upload and download of one 50 MiB document through the client library over loopback, against a raw copy of the
/// same file (read, write, fsync) measured in the same run; then the process's memory while ten uploads of 50 MiB
/// run at once. Client and server share the process, so the memory figures are both of theirs.
/// </summary>
public static class DocumentBenchmark
{
    private const int MiB = 1024 * 1024;

    public static async Task RunAsync(int sizeMiB, int concurrent)
    {
        var folder = Path.Combine(Path.GetTempPath(), "casetracker-documents-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = Ports.Free();
        var app = CaseTrackerApp.Build([.. BenchmarkServer.Settings(Path.Combine(folder, "data"), port), $"--Documents:MaxCaseBytes={(long)(concurrent + 2) * sizeMiB * MiB}"]);
        await app.StartAsync();
        try
        {
            var token = TokenIssuer.Mint(app.Services.GetRequiredService<TokenKeys>(), "casetracker", Party.TJ, Role.Supervisor, "bench.supervisor", "Benchmark", TimeSpan.FromHours(2), DateTime.UtcNow);
            using var client = CaseTrackerClient.Create(new Uri($"http://127.0.0.1:{port}"), () => token, new SocketsHttpHandler { EnableMultipleHttp2Connections = true });
            var c = await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Draft() });
            var source = Path.Combine(folder, "evidence.pdf");
            WriteContent(source, sizeMiB * MiB);

            Console.WriteLine($"Documents: {sizeMiB} MiB, client and server in one process over loopback, {Environment.ProcessorCount} cores, files on {folder}.");
            var copy = await TimeAsync(() => CopyAsync(source, Path.Combine(folder, "copy.pdf")));
            V1.Document? filed = null;
            var upload = await TimeAsync(async () => filed = await client.UploadDocumentAsync(c.Name, Document("Upload"), source));
            var download = await TimeAsync(() => client.DownloadDocumentAsync(filed!.Name, Path.Combine(folder, "downloaded.pdf")));
            Print("raw file copy (yardstick)", sizeMiB, copy, copy);
            Print("UploadDocumentAsync", sizeMiB, upload, copy);
            Print("DownloadDocumentAsync", sizeMiB, download, copy);

            var before = Heap();
            using var sampling = new CancellationTokenSource();
            var peak = Sample(sampling.Token);
            var together = await TimeAsync(() => Task.WhenAll(Enumerable.Range(0, concurrent)
                .Select(i => client.UploadDocumentAsync(c.Name, Document($"Concurrent {i}"), source))));
            sampling.Cancel();
            var (peakHeap, peakWorkingSet) = await peak;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{concurrent} uploads of {sizeMiB} MiB at once: {together.TotalSeconds:0.00} s, {concurrent * sizeMiB / together.TotalSeconds:0.0} MiB/s in all; " +
                $"managed heap {before / (double)MiB:0.0} MiB before, at most {peakHeap / (double)MiB:0.0} MiB during; peak working set {peakWorkingSet / (double)MiB:0.0} MiB"));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Print(string what, int sizeMiB, TimeSpan took, TimeSpan yardstick) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what,-28} {took.TotalSeconds,7:0.000} s {sizeMiB / took.TotalSeconds,8:0.0} MiB/s   {yardstick.TotalSeconds / took.TotalSeconds:0.00}x the raw copy (target >= 0.50)"));

    private static V1.Case Draft() => new()
    {
        IntakeChannel = V1.IntakeChannel.Hotline,
        Priority = V1.Priority.Normal,
        Subject = new V1.Subject { NameLatin = "BENCHMARK SUBJECT", Citizenship = "TJK", PassportNumber = "400000001" },
        EnforcementAction = new V1.EnforcementAction { Type = V1.EnforcementActionType.ExpulsionOrder, Region = "Moscow" },
        Allegations = { V1.AllegationCode.WrongfulListingAlreadyLeft },
    };

    private static V1.Document Document(string title) => new() { Title = title, Kind = V1.DocumentKind.Order };

    private static void WriteContent(string path, int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>The yardstick: the same bytes read and written in 1 MiB pieces and fsynced, as the server stores them.</summary>
    private static async Task CopyAsync(string from, string to)
    {
        await using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var target = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        var buffer = new byte[MiB];
        int read;
        while ((read = await source.ReadAsync(buffer)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read));
        }
        target.Flush(flushToDisk: true);
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed;
    }

    private static async Task<(long Heap, long WorkingSet)> Sample(CancellationToken stop)
    {
        long heap = 0, workingSet = 0;
        using var process = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
            process.Refresh();
            workingSet = Math.Max(workingSet, process.WorkingSet64);
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return (heap, workingSet);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
