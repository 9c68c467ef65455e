using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace CaseTracker.Benchmarks;

/// <summary>
/// With <c>--profile FOLDER</c>, writes one EventPipe trace per measured phase (<c>FOLDER/{phase}.nettrace</c>):
/// CPU samples of every thread, and the runtime's GC, contention, JIT and exception events, taken from this very
/// process (client and server share it). Read one with
/// <c>dotnet-trace report FOLDER/GetCase.nettrace topN -n 40</c>, or open it in PerfView or speedscope
/// (<c>dotnet-trace convert --format speedscope</c>).
/// With <c>--profile-with perf</c> it runs Linux <c>perf record</c> on the process instead
/// (<c>FOLDER/{phase}.perf.data</c>): on-CPU samples only, native frames (SQLite, the kernel's fsync) included; run
/// the benchmark with <c>DOTNET_PerfMapEnabled=1</c> so that perf can name the JIT-compiled methods, and read it with
/// <c>perf report -i FOLDER/GetCase.perf.data --no-children --sort symbol</c>.
/// </summary>
public sealed class PhaseProfiler(string? folder, bool usePerf = false)
{
    // The keywords of dotnet-trace's cpu-sampling profile: GC, contention, JIT, loader, exceptions, thread pool.
    private const long RuntimeKeywords = 0x14C14FCCBD;

    public bool Enabled => folder is not null;

    /// <summary>Starts tracing the phase; disposing the result stops it and finishes the file.</summary>
    public async Task<IAsyncDisposable> StartAsync(string phase)
    {
        if (folder is null)
        {
            return Nothing.Instance;
        }
        Directory.CreateDirectory(folder);
        if (usePerf)
        {
            return await PerfRecording.StartAsync(Path.Combine(folder, FileName(phase, ".perf.data")));
        }
        var path = Path.Combine(folder, FileName(phase, ".nettrace"));
        var session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(
            [
                new EventPipeProvider("Microsoft-DotNETCore-SampleProfiler", EventLevel.Informational),
                new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, RuntimeKeywords),
            ],
            requestRundown: true, circularBufferMB: 512);
        var file = File.Create(path);
        var copy = session.EventStream.CopyToAsync(file);
        return new Running(session, copy, file, path);
    }

    private static string FileName(string phase, string extension) =>
        string.Concat(phase.Select(c => char.IsLetterOrDigit(c) ? c : '-')).Trim('-') + extension;

    private sealed class Running(EventPipeSession session, Task copy, FileStream file, string path) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await session.StopAsync(CancellationToken.None);
            await copy;
            await file.DisposeAsync();
            session.Dispose();
            Console.WriteLine($"  trace: {path}");
        }
    }

    private sealed class PerfRecording(System.Diagnostics.Process perf, string path) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> StartAsync(string path)
        {
            var perf = System.Diagnostics.Process.Start("perf",
                ["record", "-F", "999", "-g", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", path, "--quiet"]);
            await Task.Delay(200); // perf attaches to every thread before it samples
            return new PerfRecording(perf, path);
        }

        public async ValueTask DisposeAsync()
        {
            // perf finishes its file on SIGINT.
            System.Diagnostics.Process.Start("kill", ["-INT", perf.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).WaitForExit();
            await perf.WaitForExitAsync();
            perf.Dispose();
            Console.WriteLine($"  trace: {path}");
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
