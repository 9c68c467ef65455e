using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Turns what stopped the server at start into one line an operator can act on and an exit code
/// (<see cref="StartupRefusal"/>): a full disk, a data folder it cannot write, a database newer than the code, a
/// corrupt file, a bad setting. Anything else keeps its exception for a developer, after the line.
/// </summary>
public static class StartupFailures
{
    private const int NoSpaceLeft = 28; // ENOSPC, as .NET reports it in IOException.HResult on Linux
    private const int WindowsDiskFull = unchecked((int)0x80070070);

    /// <summary>The refusal <paramref name="error"/> amounts to; <paramref name="place"/> is the file or folder involved, if known.</summary>
    public static StartupRefusal Describe(Exception error, string? place = null)
    {
        var causes = Flatten(error).ToList();
        if (causes.OfType<StartupRefusal>().FirstOrDefault() is { } refusal)
        {
            return refusal;
        }
        if (causes.OfType<OptionsValidationException>().FirstOrDefault() is { } setting)
        {
            return new StartupRefusal(StartupRefusal.BadSetting, $"a setting is wrong: {setting.Message} Correct it and start again.", setting);
        }
        var where = place is null ? "the data folder" : place;
        foreach (var cause in causes)
        {
            switch (cause)
            {
                case SqliteException { SqliteErrorCode: 13 }:
                case IOException { HResult: NoSpaceLeft or WindowsDiskFull }:
                case PostgresException { SqlState: PostgresErrorCodes.DiskFull }:
                    return new StartupRefusal(StartupRefusal.DiskFull,
                        $"the disk holding {where} is full ({cause.Message}); free some space (the database and its -wal file need room to grow) and start again.", cause);
                case SqliteException { SqliteErrorCode: 11 or 26 }:
                    return new StartupRefusal(StartupRefusal.CorruptFile,
                        $"the database {where} is corrupt or not a CaseTracker database ({cause.Message}); restore the latest backup into an empty folder (restore --from DIR, see README \"Backups and restore\").", cause);
                case SqliteException { SqliteErrorCode: 8 or 14 }:
                case UnauthorizedAccessException:
                    return new StartupRefusal(StartupRefusal.DataFolderNotWritable,
                        $"cannot write {where} ({cause.Message}); give the server's user write access to the data folder (Storage:DataDirectory) or point it at another one.", cause);
                case NpgsqlException { InnerException: SocketException or TimeoutException } or SocketException:
                    return new StartupRefusal(StartupRefusal.DatabaseUnreachable,
                        $"cannot reach the PostgreSQL server ({cause.Message}); check Storage:ConnectionString and that the server is up, then start again.", cause);
            }
        }
        return new StartupRefusal(StartupRefusal.Unexpected, $"the server failed to start: {error.GetBaseException().Message}", error);
    }

    private static IEnumerable<Exception> Flatten(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten))
                {
                    yield return inner;
                }
            }
        }
    }
}
