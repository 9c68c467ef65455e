namespace CaseTracker.Server.Hosting;

/// <summary>
/// The server cannot start, for a reason an operator can act on: one line naming the problem and what to do, and
/// the process's exit code for it. <c>Program</c> prints <see cref="Exception.Message"/> alone and exits with
/// <see cref="ExitCode"/>; <see cref="StartupFailures"/> turns the errors of the libraries into these.
/// </summary>
public sealed class StartupRefusal(int exitCode, string message, Exception? cause = null) : Exception(message, cause)
{
    /// <summary>Something unforeseen: the line is followed by the exception for a developer.</summary>
    public const int Unexpected = 1;

    /// <summary>A setting is missing or wrong; the line names its key.</summary>
    public const int BadSetting = 2;

    /// <summary>The data folder cannot be created or written (permissions, a read-only disk, a file in its place).</summary>
    public const int DataFolderNotWritable = 3;

    /// <summary>The disk holding the data folder (or the database) is full.</summary>
    public const int DiskFull = 4;

    /// <summary>The database was migrated by a newer version of the server than this one.</summary>
    public const int DatabaseNewerThanCode = 5;

    /// <summary>A file under the data folder is corrupt, empty or unreadable: the database or a key.</summary>
    public const int CorruptFile = 6;

    /// <summary>The database server cannot be reached (PostgreSQL).</summary>
    public const int DatabaseUnreachable = 7;

    public int ExitCode { get; } = exitCode;
}
