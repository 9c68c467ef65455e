using System.Globalization;

namespace CaseTracker.Cli.Output;

/// <summary>
/// A progress bar for an upload or a download, on the error output so that the output stays clean for scripts:
/// redrawn in place at a terminal, one line per tenth otherwise.
/// </summary>
public sealed class TransferProgress(TextWriter error, bool redraw, string what, long total) : IProgress<long>
{
    private const int Width = 30;
    private readonly object _gate = new();
    private int _lastTenth = -1;
    private int _lastCells = -1;

    public void Report(long value)
    {
        lock (_gate)
        {
            var fraction = total <= 0 ? 1.0 : Math.Clamp((double)value / total, 0, 1);
            var cells = (int)(fraction * Width);
            var tenth = (int)(fraction * 10);
            if (redraw ? cells == _lastCells && value < total : tenth == _lastTenth)
            {
                return;
            }
            _lastCells = cells;
            _lastTenth = tenth;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{what} [{new string('#', cells)}{new string('.', Width - cells)}] {fraction * 100,3:0}% {Mebibytes(value)}/{Mebibytes(total)} MiB");
            if (redraw)
            {
                error.Write("\r" + line);
            }
            else
            {
                error.WriteLine(line);
            }
        }
    }

    /// <summary>Ends the bar's line at a terminal.</summary>
    public void Done()
    {
        if (redraw)
        {
            error.WriteLine();
        }
    }

    private static string Mebibytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture);
}
