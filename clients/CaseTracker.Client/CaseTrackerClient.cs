using System.Net.Security;
using System.Runtime.CompilerServices;
using CaseTracker.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace CaseTracker.Client;

/// <summary>
/// The client of the CaseTracker contract that each ministry links. Every call carries the caller's
/// credentials (a bearer token, or a client certificate on the TLS endpoint) and a default deadline; every
/// mutation carries a <c>request_id</c> that stays the same across retries; calls that fail with UNAVAILABLE
/// are retried with backoff; failures are <see cref="CaseTrackerException"/>. On top of the generated
/// <see cref="Cases"/> client it pages lists as async streams and follows the change feed with
/// <see cref="WatchAsync"/>, which reconnects and resumes by itself.
/// </summary>
/// <example>
/// <code>
/// using var client = new CaseTrackerClient(new CaseTrackerClientOptions
/// {
///     Address = new Uri("http://localhost:5080"),
///     TokenProvider = _ => ValueTask.FromResult(token),
/// });
/// var created = await client.Cases.CreateCaseAsync(new CreateCaseRequest { Case = draft });
/// await foreach (var e in client.WatchAsync(afterSequence: 0, cancellationToken)) { ... }
/// </code>
/// </example>
public sealed class CaseTrackerClient : IDisposable
{
    private readonly GrpcChannel _channel;

    /// <summary>Creates a client from options.</summary>
    /// <param name="options">Where the server is and how to authenticate.</param>
    public CaseTrackerClient(CaseTrackerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.Address ?? throw new ArgumentException("Address is required.", nameof(options));
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = options.HttpHandler ?? CreateHandler(options),
            DisposeHttpClient = true,
        });
        var invoker = _channel.Intercept(new ClientCallPolicy(options));
        Cases = new CaseService.CaseServiceClient(invoker);
        Reviews = new ReviewService.ReviewServiceClient(invoker);
        Operations = new OperationService.OperationServiceClient(invoker);
        Reconciliations = new ReconciliationService.ReconciliationServiceClient(invoker);
    }

    /// <summary>The generated client of <c>casetracker.v1.CaseService</c>, with the client's policies applied.</summary>
    public CaseService.CaseServiceClient Cases { get; }

    /// <summary>The generated client of <c>casetracker.v1.ReviewService</c> (monthly joint reviews), with the client's policies applied.</summary>
    public ReviewService.ReviewServiceClient Reviews { get; }

    /// <summary>The generated client of <c>casetracker.v1.OperationService</c> (long-running work), with the client's policies applied.</summary>
    public OperationService.OperationServiceClient Operations { get; }

    /// <summary>The generated client of <c>casetracker.v1.ReconciliationService</c> (bulk person lists), with the client's policies applied.</summary>
    public ReconciliationService.ReconciliationServiceClient Reconciliations { get; }

    /// <summary>The most records one import message carries.</summary>
    public const int RecordsPerMessage = 1_000;

    /// <summary>
    /// Streams a list to the server in messages of <see cref="RecordsPerMessage"/> records and returns the finished
    /// reconciliation's operation. If the connection drops (UNAVAILABLE), the import is sent again under the same
    /// <c>import_id</c>: the server keeps each (import, line) once, so nothing is counted twice.
    /// </summary>
    /// <param name="header">The list's header; its <c>import_id</c> names the import.</param>
    /// <param name="records">The records, each with its own line number.</param>
    /// <param name="progress">Told how many records were sent so far.</param>
    /// <param name="cancellationToken">Stops the import; sending it again later resumes it.</param>
    public async Task<Operation> ImportPersonListAsync(
        PersonListHeader header, IReadOnlyList<PersonRecord> records, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(records);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var call = Reconciliations.ImportPersonList(cancellationToken: cancellationToken);
                try
                {
                    var sent = 0;
                    do
                    {
                        var message = new ImportPersonListRequest { Header = sent == 0 ? header : null, Complete = sent + RecordsPerMessage >= records.Count };
                        for (var i = sent; i < Math.Min(records.Count, sent + RecordsPerMessage); i++)
                        {
                            message.Records.Add(records[i]);
                        }
                        await call.RequestStream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                        sent = Math.Min(records.Count, sent + RecordsPerMessage);
                        progress?.Report(sent);
                    }
                    while (sent < records.Count);
                    await call.RequestStream.CompleteAsync().ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // Writing fails when the server has ended the call early (a refusal, a dropped connection):
                    // the call's own status says why, and is what the caller sees.
                    await call.ResponseAsync.ConfigureAwait(false);
                    throw;
                }
                return await call.ResponseAsync.ConfigureAwait(false);
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && attempt < 5)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 << attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Polls an operation with WaitOperation until it is done.</summary>
    /// <param name="name">The operation's name, <c>operations/{operation}</c>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The finished operation: its <c>error</c> or its <c>response</c> is set.</returns>
    public async Task<Operation> WaitForOperationAsync(string name, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var operation = await Operations.WaitOperationAsync(
                new WaitOperationRequest { Name = name, Timeout = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(20)) },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (operation.Done)
            {
                return operation;
            }
        }
    }

    /// <summary>
    /// Downloads the files of a review into <paramref name="directory"/>, checking each file's size and SHA-256
    /// against what the server announced; a file that does not match is deleted and reported.
    /// </summary>
    /// <param name="reviewName">The review, <c>reviews/YYYY-MM</c>.</param>
    /// <param name="directory">Where to write the files; created if missing.</param>
    /// <param name="cancellationToken">Stops the download.</param>
    /// <returns>The files written, with their SHA-256.</returns>
    /// <exception cref="InvalidDataException">A file's bytes do not match its announced SHA-256 or size.</exception>
    public async Task<IReadOnlyList<MonthlyReviewFile>> DownloadReviewAsync(string reviewName, string directory, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(directory);
        using var call = Reviews.DownloadMonthlyReview(new DownloadMonthlyReviewRequest { Name = reviewName }, cancellationToken: cancellationToken);
        var written = new List<MonthlyReviewFile>();
        ReviewFileSink? current = null;
        try
        {
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (current?.File.FileName != chunk.FileName)
                {
                    if (current is not null)
                    {
                        written.Add(current.Complete());
                        current.Dispose();
                    }
                    current = new ReviewFileSink(directory, chunk);
                }
                current.Append(chunk);
            }
            if (current is not null)
            {
                written.Add(current.Complete());
            }
        }
        finally
        {
            current?.Dispose();
        }
        return written;
    }

    /// <summary>The channel the client uses, for other services (health, reflection).</summary>
    public GrpcChannel Channel => _channel;

    /// <summary>
    /// Creates a client for the server at <paramref name="address"/> sending the bearer token
    /// <paramref name="token"/> returns, asked before every call so tokens can be renewed without reconnecting.
    /// </summary>
    /// <param name="address">The server's gRPC address, for example <c>http://localhost:5080</c>.</param>
    /// <param name="token">Returns the current bearer token.</param>
    /// <param name="handler">An HTTP handler to send calls through (tests pass an in-memory one); null for the default.</param>
    public static CaseTrackerClient Create(Uri address, Func<string> token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(token);
        return new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = address,
            TokenProvider = _ => ValueTask.FromResult(token()),
            HttpHandler = handler,
        });
    }

    /// <summary>Every case matching the request's filter and order, fetching page after page as it is enumerated.</summary>
    /// <param name="request">The filter, order and page size; its page token is advanced as pages are read.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<Case> ListAllCasesAsync(ListCasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<Case>(async () =>
        {
            var page = await Cases.ListCasesAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ((IEnumerable<Case>)page.Cases, page.NextPageToken);
        }, token => request.PageToken = token, cancellationToken);
    }

    /// <summary>Every event matching the request, in sequence order, fetching page after page as it is enumerated.</summary>
    /// <param name="request">The case filter and the sequence range; its page token is advanced as pages are read.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<CaseEvent> ListAllCaseEventsAsync(ListCaseEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<CaseEvent>(async () =>
        {
            var page = await Cases.ListCaseEventsAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ((IEnumerable<CaseEvent>)page.CaseEvents, page.NextPageToken);
        }, token => request.PageToken = token, cancellationToken);
    }

    /// <summary>
    /// Every disclosure matching the request — who was shown a subject's personal data, when, which fields — in
    /// sequence order, fetching page after page as it is enumerated. Auditors and co-chairs only.
    /// </summary>
    /// <param name="request">The case (or <c>cases/-</c>) and the filter; its page token is advanced as pages are read.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<Disclosure> ListAllDisclosuresAsync(ListDisclosuresRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<Disclosure>(async () =>
        {
            var page = await Cases.ListDisclosuresAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return ((IEnumerable<Disclosure>)page.Disclosures, page.NextPageToken);
        }, token => request.PageToken = token, cancellationToken);
    }

    /// <summary>The items of page after page: reads one, yields its items, advances the request's token, until a page has no next token.</summary>
    private static async IAsyncEnumerable<TItem> AllPagesAsync<TItem>(
        Func<Task<(IEnumerable<TItem> Items, string NextPageToken)>> readPage, Action<string> advance,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string next;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (items, nextPageToken) = await readPage().ConfigureAwait(false);
            foreach (var item in items)
            {
                yield return item;
            }
            next = nextPageToken;
            advance(next);
        }
        while (next.Length > 0);
    }

    /// <summary>
    /// Follows the change feed from <paramref name="afterSequence"/>: the backlog, then every new event, for
    /// as long as it is enumerated. When the stream breaks (the server restarts, a proxy drops it, the server
    /// ends it for a slow consumer) it reconnects after a pause and resumes after the last sequence seen, so no
    /// event is missed or repeated.
    /// </summary>
    /// <param name="afterSequence">The last sequence already processed; 0 for the beginning.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <param name="filter">Optional case and event-type filters; its position fields are managed here.</param>
    /// <param name="reconnectDelay">The pause before reconnecting; one second when null.</param>
    public async IAsyncEnumerable<CaseEvent> WatchAsync(
        long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default,
        WatchCaseEventsRequest? filter = null, TimeSpan? reconnectDelay = null)
    {
        var position = afterSequence;
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = filter?.Clone() ?? new WatchCaseEventsRequest();
            request.AfterSequence = position;
            request.FromHead = false;
            using var call = Cases.WatchCaseEvents(request, cancellationToken: cancellationToken);
            var stream = call.ResponseStream;
            while (true)
            {
                bool more;
                try
                {
                    more = await stream.MoveNext(cancellationToken).ConfigureAwait(false);
                }
                catch (RpcException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (RpcException error) when (IsResumable(error.StatusCode))
                {
                    break;
                }
                if (!more)
                {
                    break;
                }
                var item = stream.Current;
                if (item.ItemCase == WatchCaseEventsResponse.ItemOneofCase.Event)
                {
                    position = item.Event.Sequence;
                    yield return item.Event;
                }
                else if (filter is not null && filter.Case.Length + filter.EventTypes.Count > 0)
                {
                    // A filtered feed covered everything up to the head.
                    position = Math.Max(position, item.Heartbeat.HeadSequence);
                }
            }
            await Task.Delay(reconnectDelay ?? TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private static bool IsResumable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Cancelled;

    private static HttpMessageHandler CreateHandler(CaseTrackerClientOptions options)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) };
        if (options.ClientCertificate is not null || options.ServerCertificateValidator is not null)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = options.ClientCertificate is null ? null : [options.ClientCertificate],
                RemoteCertificateValidationCallback = options.ServerCertificateValidator is null
                    ? null
                    : (_, certificate, _, errors) => errors == SslPolicyErrors.None
                        || (certificate is not null && options.ServerCertificateValidator(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate))),
            };
        }
        return handler;
    }
}
