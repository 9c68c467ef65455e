using CaseTracker.V1;

namespace CaseTracker.Client;

/// <summary>Evidence documents: uploads and downloads that resume after a dropped connection and check the SHA-256.</summary>
public sealed partial class CaseTrackerClient
{
    /// <summary>
    /// Uploads a file as a document of a case, reading it once: sends it in 1 MiB chunks, hashing as it sends, and
    /// declares the SHA-256 at the end, so that the server checks it. The <c>upload_id</c> is derived from the case,
    /// the title, the size and the first and last MiB, so that an upload broken off — in this call, or by a process
    /// that stopped — resumes from the bytes the server holds (and starts again from byte 0 if those were another
    /// file's). Uploading the same file with the same title again returns the document already filed.
    /// </summary>
    /// <param name="caseName">The case, <c>cases/{case}</c>.</param>
    /// <param name="document">The document's <c>title</c>, <c>kind</c>, and optionally <c>language</c> and <c>sensitivity</c>.</param>
    /// <param name="path">The file to upload.</param>
    /// <param name="progress">Told how many bytes the server holds or has been sent so far.</param>
    /// <param name="cancellationToken">Stops the upload; uploading the same file again later resumes it.</param>
    /// <returns>The document as filed, with the SHA-256 the server computed.</returns>
    /// <exception cref="CaseTrackerException">The server refused the document, or the upload could not be resumed in time.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<Document> UploadDocumentAsync(
        string caseName, Document document, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await UploadDocumentAsync(caseName, document, content, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads the content of a seekable stream as a document of a case, as <see cref="UploadDocumentAsync(string, Document, string, IProgress{long}?, CancellationToken)"/> does.</summary>
    /// <param name="caseName">The case, <c>cases/{case}</c>.</param>
    /// <param name="document">The document's <c>title</c>, <c>kind</c>, and optionally <c>language</c> and <c>sensitivity</c>.</param>
    /// <param name="content">The content, from its start; it must be seekable, so that a resumed upload can skip what the server holds.</param>
    /// <param name="progress">Told how many bytes the server holds or has been sent so far.</param>
    /// <param name="cancellationToken">Stops the upload.</param>
    /// <returns>The document as filed.</returns>
    /// <exception cref="ArgumentException">The stream cannot seek.</exception>
    /// <exception cref="CaseTrackerException">The server refused the document, or the upload could not be resumed in time.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<Document> UploadDocumentAsync(
        string caseName, Document document, Stream content, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("The content must be a seekable stream, so that a resumed upload can skip what the server holds.", nameof(content));
        }
        var header = new UploadDocumentHeader
        {
            Parent = caseName,
            UploadId = await DocumentUpload.IdBeforeHashingAsync(caseName, document.Title, content, cancellationToken).ConfigureAwait(false),
            Document = document.Clone(),
            SizeBytes = content.Length,
        };
        return await new DocumentUpload(Documents, _options, header, content, progress).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads a document's content into a file, resuming from the bytes received after a dropped connection, and
    /// checks the bytes against the SHA-256 and size the server announced. The file is written beside
    /// <paramref name="path"/> first and moved there only once it matches; a download that does not match leaves nothing.
    /// </summary>
    /// <param name="name">The document, <c>cases/{case}/documents/{document}</c>.</param>
    /// <param name="path">Where to write the content.</param>
    /// <param name="progress">Told how many bytes have been received.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <returns>What was received, with its SHA-256.</returns>
    /// <exception cref="CaseTrackerException">The server refused the download; DATA_LOSS with reason <see cref="CaseTrackerException.DownloadMismatch"/> when the bytes do not match.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<DownloadedDocument> DownloadDocumentAsync(string name, string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var partial = path + ".part";
        try
        {
            DownloadedDocument downloaded;
            await using (var destination = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                downloaded = await DownloadDocumentAsync(name, destination, progress, cancellationToken).ConfigureAwait(false);
            }
            File.Move(partial, path, overwrite: true);
            return downloaded;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    /// <summary>Downloads a document's content into a stream, resuming after a dropped connection, and checks its SHA-256 and size.</summary>
    /// <param name="name">The document, <c>cases/{case}/documents/{document}</c>.</param>
    /// <param name="destination">Where the bytes go, in order.</param>
    /// <param name="progress">Told how many bytes have been received.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <returns>What was received, with its SHA-256.</returns>
    /// <exception cref="CaseTrackerException">The server refused the download; DATA_LOSS with reason <see cref="CaseTrackerException.DownloadMismatch"/> when the bytes do not match.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<DownloadedDocument> DownloadDocumentAsync(string name, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return new DocumentDownload(Documents, _options, name, destination, progress).RunAsync(cancellationToken);
    }
}
