using System.Runtime.InteropServices;
using CaseTracker.Server.Hosting;

namespace CaseTracker.Server.Storage;

/// <summary>
/// The small files kept under the data folder beside the database — keys, the backup manifest — written so that
/// a power cut leaves either the whole file or none: a temporary file, fsynced, renamed into place, and the folder
/// fsynced so the rename itself survives. A key is read back only if it is there in full: an empty or unreadable
/// file stops the server naming it, never an empty key in use.
/// </summary>
public static class DataFiles
{
    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/> unless a file is already there (another process
    /// may have made it first: both then use that one). Owner-only permissions where the system has them.
    /// </summary>
    public static void CreateOnce(string path, ReadOnlySpan<byte> content)
    {
        var temporary = WriteTemporary(path, content);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return;
        }
        SyncFolder(Path.GetDirectoryName(path)!);
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, replacing what was there in one step.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content)
    {
        var temporary = WriteTemporary(path, content);
        File.Move(temporary, path, overwrite: true);
        SyncFolder(Path.GetDirectoryName(path)!);
    }

    /// <summary>
    /// The whole content of a key file; refuses one that is empty or cannot be read, naming it and what to do
    /// (<see cref="StartupRefusal"/>, exit code <see cref="StartupRefusal.CorruptFile"/>).
    /// </summary>
    public static byte[] ReadKey(string path, string restoreAdvice)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new StartupRefusal(StartupRefusal.CorruptFile, $"the key file {path} cannot be read ({error.Message}); {restoreAdvice}");
        }
        if (content.All(b => b is 0 or (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
        {
            throw new StartupRefusal(StartupRefusal.CorruptFile, $"the key file {path} is empty (a write cut short?); {restoreAdvice}");
        }
        return content;
    }

    /// <summary>Makes a rename or a new file in <paramref name="folder"/> durable (a no-op where folders cannot be opened).</summary>
    public static void SyncFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var descriptor = Open(folder, 0);
        if (descriptor < 0)
        {
            throw new IOException($"cannot open the folder {folder} to make its contents durable (errno {Marshal.GetLastPInvokeError()})");
        }
        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"cannot make the contents of {folder} durable: fsync failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static string WriteTemporary(string path, ReadOnlySpan<byte> content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        return temporary;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int descriptor);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int descriptor);
}
