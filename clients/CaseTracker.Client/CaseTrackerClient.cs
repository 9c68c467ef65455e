using System.Runtime.CompilerServices;
using CaseTracker.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CaseTracker.Client;

/// <summary>
/// The client of the CaseTracker contract that each ministry links. Every call carries the caller's
/// credentials (a bearer token, or a client certificate on the TLS endpoint) and a deadline that covers all its
/// attempts; every change carries a <c>request_id</c> that stays the same across retries; within the deadline,
/// reads and changes with a <c>request_id</c> that meet UNAVAILABLE, a dropped connection or an attempt's timeout
/// are retried with jittered exponential backoff, and a rate-limited call waits the delay the server asked for;
/// failures are <see cref="CaseTrackerException"/>, the caller's cancellation <see cref="OperationCanceledException"/>.
/// The caller's request messages are never changed. On top of the generated
/// <see cref="Cases"/> client it pages lists as async streams and follows the change feed with
/// <see cref="WatchAsync(long, WatchOptions, CancellationToken)"/>, which reconnects and resumes by itself.
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
public sealed partial class CaseTrackerClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly CaseTrackerClientOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a client from options.</summary>
    /// <param name="options">Where the server is and how to authenticate.</param>
    /// <exception cref="ArgumentException">The address is missing, or a certificate is set with an <see cref="CaseTrackerClientOptions.HttpHandler"/> it cannot be applied to.</exception>
    public CaseTrackerClient(CaseTrackerClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.Address ?? throw new ArgumentException("Address is required.", nameof(options));
        _options = options;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger<CaseTrackerClient>() ?? NullLogger.Instance;
        _channel = ClientChannel.Create(address, options);
        var invoker = _channel.Intercept(new ClientCallPolicy(options, ClientChannel.Credentials(options.TokenProvider), _logger));
        Cases = new CaseService.CaseServiceClient(invoker);
        Reviews = new ReviewService.ReviewServiceClient(invoker);
        Operations = new OperationService.OperationServiceClient(invoker);
        Reconciliations = new ReconciliationService.ReconciliationServiceClient(invoker);
        Members = new MemberService.MemberServiceClient(invoker);
        Notifications = new NotificationService.NotificationServiceClient(invoker);
        People = new PersonHistoryService.PersonHistoryServiceClient(invoker);
        Documents = new DocumentService.DocumentServiceClient(invoker);
        Records = new RecordsService.RecordsServiceClient(invoker);
    }

    /// <summary>The generated client of <c>casetracker.v1.CaseService</c>, with the client's policies applied.</summary>
    public CaseService.CaseServiceClient Cases { get; }

    /// <summary>The generated client of <c>casetracker.v1.ReviewService</c> (monthly joint reviews), with the client's policies applied.</summary>
    public ReviewService.ReviewServiceClient Reviews { get; }

    /// <summary>The generated client of <c>casetracker.v1.OperationService</c> (long-running work), with the client's policies applied.</summary>
    public OperationService.OperationServiceClient Operations { get; }

    /// <summary>The generated client of <c>casetracker.v1.ReconciliationService</c> (bulk person lists), with the client's policies applied.</summary>
    public ReconciliationService.ReconciliationServiceClient Reconciliations { get; }

    /// <summary>The generated client of <c>casetracker.v1.MemberService</c> (the task force's roster), with the client's policies applied.</summary>
    public MemberService.MemberServiceClient Members { get; }

    /// <summary>The generated client of <c>casetracker.v1.NotificationService</c> (the caller's inbox), with the client's policies applied.</summary>
    public NotificationService.NotificationServiceClient Notifications { get; }
    /// <summary>The generated client of <c>casetracker.v1.PersonHistoryService</c> (a person's history across both parties), with the client's policies applied.</summary>
    public PersonHistoryService.PersonHistoryServiceClient People { get; }
    /// <summary>The generated client of <c>casetracker.v1.DocumentService</c> (evidence documents), with the client's policies applied.</summary>
    public DocumentService.DocumentServiceClient Documents { get; }

    /// <summary>The generated client of <c>casetracker.v1.RecordsService</c> (legal holds, subject-access exports), with the client's policies applied.</summary>
    public RecordsService.RecordsServiceClient Records { get; }

    /// <summary>The most records one import message carries.</summary>
    public const int RecordsPerMessage = 1_000;

    /// <summary>
    /// Streams a list to the server in messages of <see cref="RecordsPerMessage"/> records and returns the finished
    /// reconciliation's operation. When the connection drops, the server is unavailable or the caller is rate
    /// limited, the import resumes under the same <c>import_id</c> from the number of records the server reports
    /// it holds (the server keeps each (import, line) once, so nothing is counted twice), after a jittered growing
    /// wait; it gives up when no record has been stored for <see cref="CaseTrackerClientOptions.ImportGiveUpAfter"/>.
    /// Resuming assumes the records come in the same order as in the import's earlier attempts, as the same list does.
    /// </summary>
    /// <param name="header">The list's header; its <c>import_id</c> names the import.</param>
    /// <param name="records">The records, each with its own line number.</param>
    /// <param name="progress">Told how many records the server has or has been sent so far: after a resume, from the count it holds.</param>
    /// <param name="cancellationToken">Stops the import; sending it again later resumes it.</param>
    /// <exception cref="CaseTrackerException">The server refused the import, or it could not be resumed in time.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<Operation> ImportPersonListAsync(
        PersonListHeader header, IReadOnlyList<PersonRecord> records, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(records);
        return new PersonListUpload(this, _options, _logger, header, records, progress).RunAsync(cancellationToken);
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
    /// <exception cref="CaseTrackerException">The download failed; with DATA_LOSS and reason <see cref="CaseTrackerException.DownloadMismatch"/>
    /// when a file's bytes do not match its announced SHA-256 or size, or its name is not a plain file name.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<IReadOnlyList<MonthlyReviewFile>> DownloadReviewAsync(string reviewName, string directory, CancellationToken cancellationToken = default)
    {
        try
        {
            return await DownloadReviewFilesAsync(reviewName, directory, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException mismatch)
        {
            throw CaseTrackerException.OnClient(StatusCode.DataLoss, CaseTrackerException.DownloadMismatch, mismatch.Message);
        }
    }

    private async Task<IReadOnlyList<MonthlyReviewFile>> DownloadReviewFilesAsync(string reviewName, string directory, CancellationToken cancellationToken)
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
    /// <param name="request">The filter, order, page size and first page token; left as it is (pages are read with a copy).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<Case> ListAllCasesAsync(ListCasesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<ListCasesRequest, Case>(request, async copy =>
        {
            var page = await Cases.ListCasesAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (page.Cases, page.NextPageToken);
        }, (copy, token) => copy.PageToken = token, cancellationToken);
    }

    /// <summary>Every event matching the request, in sequence order, fetching page after page as it is enumerated.</summary>
    /// <param name="request">The case filter, the sequence range and first page token; left as it is (pages are read with a copy).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<CaseEvent> ListAllCaseEventsAsync(ListCaseEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<ListCaseEventsRequest, CaseEvent>(request, async copy =>
        {
            var page = await Cases.ListCaseEventsAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (page.CaseEvents, page.NextPageToken);
        }, (copy, token) => copy.PageToken = token, cancellationToken);
    }

    /// <summary>Every clock matching the request, soonest due first, fetching page after page as it is enumerated.</summary>
    /// <param name="request">The case (or <c>cases/-</c>), the filter, page size and first page token; left as it is (pages are read with a copy).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<Deadline> ListAllDeadlinesAsync(ListDeadlinesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<ListDeadlinesRequest, Deadline>(request, async copy =>
        {
            var page = await Cases.ListDeadlinesAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (page.Deadlines, page.NextPageToken);
        }, (copy, token) => copy.PageToken = token, cancellationToken);
    }

    /// <summary>
    /// Every disclosure matching the request — who was shown a subject's personal data, when, which fields — in
    /// sequence order, fetching page after page as it is enumerated. Auditors and co-chairs only.
    /// </summary>
    /// <param name="request">The case (or <c>cases/-</c>), the filter and first page token; left as it is (pages are read with a copy).</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    public IAsyncEnumerable<Disclosure> ListAllDisclosuresAsync(ListDisclosuresRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AllPagesAsync<ListDisclosuresRequest, Disclosure>(request, async copy =>
        {
            var page = await Cases.ListDisclosuresAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (page.Disclosures, page.NextPageToken);
        }, (copy, token) => copy.PageToken = token, cancellationToken);
    }

    /// <summary>
    /// The items of page after page: reads one, yields its items, advances the token, until a page has no next token.
    /// Each enumeration pages with its own copy of the request, so the caller's request keeps its page token.
    /// </summary>
    private static async IAsyncEnumerable<TItem> AllPagesAsync<TRequest, TItem>(
        TRequest request, Func<TRequest, Task<(Google.Protobuf.Collections.RepeatedField<TItem> Items, string NextPageToken)>> readPage,
        Action<TRequest, string> advance, [EnumeratorCancellation] CancellationToken cancellationToken)
        where TRequest : Google.Protobuf.IDeepCloneable<TRequest>
    {
        var copy = request.Clone();
        string next;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (items, nextPageToken) = await readPage(copy).ConfigureAwait(false);
            foreach (var item in items)
            {
                yield return item;
            }
            next = nextPageToken;
            advance(copy, next);
        }
        while (next.Length > 0);
    }

    /// <summary>
    /// Follows the change feed from <paramref name="afterSequence"/>: the backlog, then every new event, for
    /// as long as it is enumerated. When the stream breaks (the server restarts, a proxy drops it, the server
    /// ends it for a slow consumer) it reconnects and resumes after the last sequence seen, so no event is
    /// missed or repeated. It waits <paramref name="reconnectDelay"/> (jittered) before the first reconnect
    /// and twice as long before each further one that fails in a row; see the other overload for more control.
    /// </summary>
    /// <param name="afterSequence">The last sequence already processed; 0 for the beginning.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <param name="filter">Optional case and event-type filters; its position fields are managed here.</param>
    /// <param name="reconnectDelay">The first wait before reconnecting; <see cref="WatchOptions.InitialReconnectDelay"/> when null.</param>
    /// <exception cref="CaseTrackerException">The server refused the feed (for example PERMISSION_DENIED or INVALID_ARGUMENT): reconnecting would not help.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public IAsyncEnumerable<CaseEvent> WatchAsync(
        long afterSequence, CancellationToken cancellationToken = default, WatchCaseEventsRequest? filter = null, TimeSpan? reconnectDelay = null)
    {
        var options = new WatchOptions { Filter = filter };
        if (reconnectDelay is { } delay)
        {
            options.InitialReconnectDelay = delay;
        }
        return WatchAsync(afterSequence, options, cancellationToken);
    }

    /// <summary>
    /// Follows the change feed from <paramref name="afterSequence"/> as the other overload does, reconnecting
    /// with jittered delays that grow from <see cref="WatchOptions.InitialReconnectDelay"/> to
    /// <see cref="WatchOptions.MaxReconnectDelay"/>, telling <see cref="WatchOptions.OnReconnecting"/> and the
    /// client's logger of each reconnect, and giving up after <see cref="WatchOptions.GiveUpAfter"/> without a working stream.
    /// </summary>
    /// <param name="afterSequence">The last sequence already processed; 0 for the beginning.</param>
    /// <param name="options">The filter and how to reconnect.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <exception cref="CaseTrackerException">The server refused the feed, or it could not be reached again within <see cref="WatchOptions.GiveUpAfter"/>.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public IAsyncEnumerable<CaseEvent> WatchAsync(long afterSequence, WatchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ChangeFeedFollower(Cases, options, _logger).FollowAsync(afterSequence, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();
}
