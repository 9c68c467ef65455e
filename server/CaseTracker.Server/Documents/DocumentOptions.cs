using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Documents;

/// <summary>Where document content is kept.</summary>
public enum DocumentStoreKind
{
    /// <summary>Follow the record: files under the data directory with SQLite, the database with PostgreSQL.</summary>
    Auto = 0,

    /// <summary>Content-addressed files under <c>{DataDirectory}/documents</c>: one server node.</summary>
    Files = 1,

    /// <summary>Content in the database, in 1 MiB chunks: every node shares it.</summary>
    Database = 2,
}

/// <summary>Limits and storage of evidence documents. Bound from the <c>Documents</c> configuration section.</summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>The largest document, in bytes (50 MiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The most content one case may hold, in bytes, purged documents aside (2 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxCaseBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The media types accepted, as the server sniffs them from the content's first bytes.</summary>
    public List<string> AllowedMediaTypes { get; set; } = [.. MediaTypes.Known];

    /// <summary>Where content is kept (<c>Auto</c>, <c>Files</c> or <c>Database</c>).</summary>
    public DocumentStoreKind Store { get; set; } = DocumentStoreKind.Auto;
}
