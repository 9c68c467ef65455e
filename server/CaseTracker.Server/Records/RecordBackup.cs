using CaseTracker.Server.Storage;
using Microsoft.Data.Sqlite;

namespace CaseTracker.Server.Records;

/// <summary>
/// Takes a consistent online copy of the SQLite record while the server writes: <c>VACUUM INTO</c> on a read-only
/// connection reads one snapshot of the database (WAL lets the writer go on meanwhile) and writes it, compacted, to
/// the backup's folder; the copy is fsynced, its head read, and the manifest written last. The development and
/// pseudonym keys are copied only when asked (<c>--with-keys</c>): each party keeps its own keys elsewhere
/// (README "Backups and restore"). PostgreSQL is backed up with its own tools, and refused here with that pointer.
/// </summary>
public static class RecordBackup
{
    public const string DatabaseFile = "casetracker.db";

    /// <summary>The key files (relative to the data folder) a backup with keys carries.</summary>
    public static IEnumerable<string> KeyFiles(string dataDirectory)
    {
        var keys = Path.Combine(dataDirectory, "dev-keys");
        var files = Directory.Exists(keys)
            ? Directory.EnumerateFiles(keys).Where(path => !Path.GetFileName(path).StartsWith('.')).Select(path => Path.GetRelativePath(dataDirectory, path))
            : [];
        return File.Exists(Path.Combine(dataDirectory, "page-token.key")) ? files.Append("page-token.key").Order(StringComparer.Ordinal) : files.Order(StringComparer.Ordinal);
    }

    /// <summary>Backs the record up into <paramref name="target"/>, which must be absent or empty, and returns the manifest written.</summary>
    public static BackupManifest Take(StorageOptions storage, string target, bool withKeys, DateTime now)
    {
        if (storage.Provider == StorageProvider.Postgres)
        {
            throw new BackupRefusal(
                "the record is in PostgreSQL: back it up with PostgreSQL's own tools (pg_dump for a logical copy, pg_basebackup with WAL archiving for point-in-time recovery), as README \"Backups and restore\" describes; this command copies the SQLite record only.");
        }
        var dataDirectory = Path.GetFullPath(storage.DataDirectory);
        var source = new SqliteConnectionStringBuilder(storage.ResolveConnectionString()) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        if (!File.Exists(source.DataSource))
        {
            throw new BackupRefusal($"there is no record at {source.DataSource} to back up (Storage:DataDirectory or --data-dir).");
        }
        target = Path.GetFullPath(target);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new BackupRefusal($"{target} is not empty: give a new or empty folder, so one backup never mixes with another.");
        }
        Directory.CreateDirectory(target);

        var copy = Path.Combine(target, DatabaseFile);
        using (var connection = new SqliteConnection(source.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "VACUUM INTO $copy";
            command.Parameters.AddWithValue("$copy", copy);
            command.ExecuteNonQuery();
        }
        SyncFile(copy);
        var (sequence, hash, migration) = ReadHead(copy);
        var (disclosureSequence, disclosureHash) = ReadDisclosureHead(copy);

        var files = new List<BackupFile> { BackupManifest.Describe(target, DatabaseFile) };
        foreach (var content in DocumentContentFiles(copy, dataDirectory))
        {
            CopyDurably(Path.Combine(dataDirectory, content), Path.Combine(target, content));
            files.Add(BackupManifest.Describe(target, content));
        }
        if (withKeys)
        {
            foreach (var key in KeyFiles(dataDirectory))
            {
                var destination = Path.Combine(target, key);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                DataFiles.Replace(destination, File.ReadAllBytes(Path.Combine(dataDirectory, key)));
                files.Add(BackupManifest.Describe(target, key));
            }
        }
        DataFiles.SyncFolder(target);
        var manifest = new BackupManifest(BackupManifest.CurrentFormat, BackupManifest.CodeVersion, now, migration, sequence, hash, withKeys, files,
            disclosureSequence, disclosureHash);
        manifest.WriteTo(target);
        return manifest;
    }

    /// <summary>
    /// The content files (relative to the data folder) of the documents the copy holds, where they are kept as files
    /// (<c>Documents:Store</c> <c>Files</c>, or <c>Auto</c> on SQLite): content is written and synced before its document is
    /// committed, and never changed, so every document of the snapshot has its file. Content kept in the database is
    /// in the copy already; a file already gone (erased) is not there to copy.
    /// </summary>
    public static IEnumerable<string> DocumentContentFiles(string database, string dataDirectory)
    {
        using var connection = OpenReadOnly(database);
        using var hashes = connection.CreateCommand();
        hashes.CommandText = """SELECT DISTINCT "Sha256" FROM "Documents" WHERE "Sha256" IS NOT NULL AND length("Sha256") = 64 ORDER BY "Sha256" """;
        using var reader = hashes.ExecuteReader();
        var store = new Documents.FileContentStore(dataDirectory);
        var found = new List<string>();
        while (reader.Read())
        {
            var path = store.ContentPath(reader.GetString(0));
            if (File.Exists(path))
            {
                found.Add(Path.GetRelativePath(dataDirectory, path));
            }
        }
        return found;
    }

    /// <summary>Copies a file and makes the copy durable: its bytes, its entry, and the entry of a folder made for it.</summary>
    private static void CopyDurably(string source, string destination)
    {
        var folder = Path.GetDirectoryName(destination)!;
        var created = !Directory.Exists(folder);
        Directory.CreateDirectory(folder);
        File.Copy(source, destination);
        SyncFile(destination);
        DataFiles.SyncFolder(folder);
        if (created)
        {
            DataFiles.SyncFolder(Path.GetDirectoryName(folder)!);
        }
    }

    private static void SyncFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The head of the copy's event log (0 and the genesis hash when it is empty) and its newest migration.</summary>
    public static (long Sequence, string Hash, string Migration) ReadHead(string database)
    {
        using var connection = OpenReadOnly(database);
        using var head = connection.CreateCommand();
        head.CommandText = """SELECT "Sequence", "Hash" FROM "CaseEvents" ORDER BY "Sequence" DESC LIMIT 1""";
        long sequence = 0;
        var hash = CaseTracker.Client.Audit.CaseEventHashing.Genesis;
        using (var reader = head.ExecuteReader())
        {
            if (reader.Read())
            {
                (sequence, hash) = (reader.GetInt64(0), reader.GetString(1));
            }
        }
        using var migration = connection.CreateCommand();
        migration.CommandText = """SELECT "MigrationId" FROM "__EFMigrationsHistory" ORDER BY "MigrationId" DESC LIMIT 1""";
        return (sequence, hash, migration.ExecuteScalar() as string ?? string.Empty);
    }

    /// <summary>The head of the copy's disclosure log (0 and the genesis hash when it is empty).</summary>
    public static (long Sequence, string Hash) ReadDisclosureHead(string database)
    {
        using var connection = OpenReadOnly(database);
        using var head = connection.CreateCommand();
        head.CommandText = """SELECT "Sequence", "Hash" FROM "Disclosures" ORDER BY "Sequence" DESC LIMIT 1""";
        using var reader = head.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, CaseTracker.Client.Audit.CaseEventHashing.Genesis);
    }

    /// <summary>A read-only, unpooled connection to a copy: nothing keeps the file open once it is closed.</summary>
    public static SqliteConnection OpenReadOnly(string database)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}
