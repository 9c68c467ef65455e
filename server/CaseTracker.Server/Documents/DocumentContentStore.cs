namespace CaseTracker.Server.Documents;

/// <summary>
/// Where document content lives, addressed by its SHA-256: files under the data directory
/// (<see cref="FileContentStore"/>) or chunks in the database (<see cref="DatabaseContentStore"/>). An upload is
/// written to a part of its own first and becomes content only once its hash is known and it is durable, so the
/// event that records it is never committed before the bytes are safe.
/// </summary>
public interface IDocumentContentStore
{
    /// <summary>Opens the part of an upload, empty when new; only one caller holds it at a time (see <see cref="DocumentUploads"/>).</summary>
    Task<IUploadPart> OpenUploadAsync(string uploadKey, CancellationToken cancellationToken);

    /// <summary>
    /// The content from <paramref name="offset"/>, in pieces of at most 1 MiB; nothing when the content is not stored.
    /// A piece is valid until the next is asked for: the store may read the next one ahead into memory it reuses.
    /// </summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(string sha256, long offset, CancellationToken cancellationToken);

    /// <summary>Whether content with this hash is stored.</summary>
    Task<bool> ContainsAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Removes the content with this hash, if stored.</summary>
    Task DeleteAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Where the content is, for a person reading a verifier's report: a path or a table.</summary>
    string Describe(string sha256);
}

/// <summary>The bytes of one upload received so far.</summary>
public interface IUploadPart : IAsyncDisposable
{
    /// <summary>How many bytes the part holds.</summary>
    long Received { get; }

    /// <summary>The bytes held, from the start, in pieces, each valid until the next is asked for.</summary>
    IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Adds bytes at the end.</summary>
    Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Makes the part durable content under <paramref name="sha256"/> (kept once if already stored) and removes the part.</summary>
    Task StoreAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Throws the part away, so the upload starts again from the first byte.</summary>
    Task DiscardAsync(CancellationToken cancellationToken);
}
