using System.Text;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// RFC 4180 CSV, UTF-8 without a byte-order mark, CRLF line ends. A cell that a spreadsheet would run as a
/// formula (starting with <c>= + - @</c>) is prefixed with an apostrophe.
/// </summary>
public sealed class CsvFile : IDisposable
{
    private static readonly char[] NeedsQuotes = [',', '"', '\r', '\n'];
    private readonly StreamWriter _writer;

    public CsvFile(string path, params string[] header)
    {
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\r\n" };
        Row(header);
    }

    public void Row(params string[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }
            _writer.Write(Escape(cells[i]));
        }
        _writer.WriteLine();
    }

    public void Dispose() => _writer.Dispose();

    public static string Escape(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@')
        {
            cell = "'" + cell;
        }
        return cell.IndexOfAny(NeedsQuotes) < 0 ? cell : $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }
}
