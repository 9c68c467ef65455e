using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaseTracker.Server.Storage;

namespace CaseTracker.Server.Records;

/// <summary>
/// <c>manifest.json</c> of a backup, written last (its presence marks a complete backup): what the copy is as of
/// — the head of the event log, its sequence and hash, and the head of the disclosure log — when and by which
/// version it was taken, the newest migration of its schema, and each file's size and SHA-256. A manifest written
/// before the disclosure head was recorded reads with <see cref="DisclosureHeadHash"/> null: its disclosure log is
/// still verified link by link, only not against a head.
/// </summary>
public sealed record BackupManifest(
    string Format,
    string ServerVersion,
    DateTime TakenAt,
    string Migration,
    long HeadSequence,
    string HeadHash,
    bool IncludesKeys,
    IReadOnlyList<BackupFile> Files,
    long DisclosureHeadSequence = 0,
    string? DisclosureHeadHash = null)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "casetracker-backup/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The running server's version, as the manifest records it.</summary>
    public static string CodeVersion =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public void WriteTo(string folder) => DataFiles.Replace(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(this, Json));

    /// <summary>The manifest in <paramref name="folder"/>; a missing or unreadable one is a <see cref="BackupRefusal"/>.</summary>
    public static BackupManifest ReadFrom(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new BackupRefusal($"{path} is missing: {folder} is not a CaseTracker backup, or the backup did not finish (the manifest is written last).");
        }
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException error)
        {
            throw new BackupRefusal($"{path} is not a readable manifest ({error.Message}).");
        }
        if (manifest is null || manifest.Format != CurrentFormat || manifest.Files is null || manifest.HeadHash is null)
        {
            throw new BackupRefusal($"{path} is not a {CurrentFormat} manifest.");
        }
        return manifest;
    }

    /// <summary>The size and SHA-256 of one file of the backup, by its path relative to the backup's folder.</summary>
    public static BackupFile Describe(string folder, string relativePath)
    {
        using var stream = File.OpenRead(Path.Combine(folder, relativePath));
        return new BackupFile(relativePath.Replace('\\', '/'), stream.Length, Convert.ToHexStringLower(SHA256.HashData(stream)));
    }
}

/// <summary>One file of a backup: its path in the backup's folder, its size in bytes, its SHA-256 in hex.</summary>
public sealed record BackupFile(string Path, long Bytes, string Sha256);

/// <summary>A backup that cannot be taken, or restored, for the reason given: the command prints it and exits non-zero.</summary>
public sealed class BackupRefusal(string message) : Exception(message);
