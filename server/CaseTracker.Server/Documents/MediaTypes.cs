using System.Text.Unicode;

namespace CaseTracker.Server.Documents;

/// <summary>
/// The media type of a document, read from its first bytes: a file's name or a client's word is never trusted.
/// Only the formats evidence comes in are known; anything else is <c>application/octet-stream</c>.
/// </summary>
public static class MediaTypes
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Tiff = "image/tiff";
    public const string Webp = "image/webp";
    public const string Text = "text/plain";
    public const string Unknown = "application/octet-stream";

    /// <summary>How many leading bytes <see cref="Sniff"/> reads.</summary>
    public const int HeadLength = 512;

    public static readonly IReadOnlyList<string> Known = [Pdf, Png, Jpeg, Tiff, Webp, Text];

    /// <summary>The media type of content starting with <paramref name="head"/> (its first <see cref="HeadLength"/> bytes, or all of it).</summary>
    public static string Sniff(ReadOnlySpan<byte> head, bool wholeContent)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return Tiff;
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }
        return IsText(head, wholeContent) ? Text : Unknown;
    }

    /// <summary>UTF-8 with no control characters but tabs and line breaks; a character cut at the end of the head is allowed.</summary>
    private static bool IsText(ReadOnlySpan<byte> head, bool wholeContent)
    {
        if (head.IsEmpty)
        {
            return false;
        }
        var checkedBytes = head;
        if (!wholeContent)
        {
            // Drop a multi-byte character the head may have cut in two.
            var cut = 0;
            while (cut < 3 && cut < checkedBytes.Length && (checkedBytes[^(cut + 1)] & 0xC0) == 0x80)
            {
                cut++;
            }
            if (cut < checkedBytes.Length && checkedBytes[^(cut + 1)] >= 0xC0)
            {
                checkedBytes = checkedBytes[..^(cut + 1)];
            }
        }
        if (!Utf8.IsValid(checkedBytes))
        {
            return false;
        }
        foreach (var b in checkedBytes)
        {
            if (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r')
            {
                return false;
            }
        }
        return true;
    }
}
