using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Documents;
using CaseTracker.Tests.Support;
using Google.Protobuf;

namespace CaseTracker.Tests.Rest;

/// <summary>
/// Server streams over REST/JSON: a GET at the stream's <c>google.api.http</c> route answers over plain HTTP/1.1 with
/// the stream's messages as newline-delimited JSON, each as it is sent, through the same interceptors as
/// gRPC. A real Kestrel server, read with <see cref="HttpClient"/> as the answer arrives.
/// </summary>
public sealed class RestStreamingTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private HttpClient _http = null!;
    private CaseTrackerClient _grpc = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        var token = _server.TokenFor(Party.TJ, Role.Investigator, "tj.karimova");
        _http = new HttpClient
        {
            BaseAddress = _server.HttpEndpoint,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        _grpc = new CaseTrackerClient(new CaseTrackerClientOptions { Address = _server.GrpcEndpoint, TokenProvider = _ => ValueTask.FromResult(token) });
    }

    public async Task DisposeAsync()
    {
        _grpc.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task WatchCaseEvents_OverRest_SendsTheBacklogThenEachNewEventAsItIsCommitted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var first = await _grpc.CreateAsync();
        await _grpc.CreateAsync();

        using var response = await OpenAsync("/v1/caseEvents:watch?afterSequence=0", timeout.Token);
        await using var messages = Messages<V1.WatchCaseEventsResponse>(response, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var backlog = new[] { await NextEventAsync(messages), await NextEventAsync(messages) };
        var created = await _grpc.CreateAsync();
        var live = await NextEventAsync(messages);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal([1L, 2L], backlog.Select(e => e.Sequence));
        Assert.Equal(first.Name, backlog[0].Case);
        Assert.Equal(V1.CaseEventType.CaseCreated, backlog[0].Type);
        Assert.Equal((3L, created.Name), (live.Sequence, live.Case));
    }

    [Fact]
    public async Task WatchCaseEvents_OverRest_FromTheHead_SendsAHeartbeatWhileTheLogIsQuiet()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _grpc.CreateAsync();

        using var response = await OpenAsync("/v1/caseEvents:watch?fromHead=true&heartbeatInterval=1s", timeout.Token);
        await using var messages = Messages<V1.WatchCaseEventsResponse>(response, timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await messages.MoveNextAsync());

        Assert.Equal(V1.WatchCaseEventsResponse.ItemOneofCase.Heartbeat, messages.Current.ItemCase);
        Assert.Equal(1L, messages.Current.Heartbeat.HeadSequence);
    }

    [Fact]
    public async Task WatchCaseEvents_OverRest_RefusedBeforeItsFirstMessage_IsTheHttpStatusWithTheErrorInfo()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var response = await OpenAsync("/v1/caseEvents:watch?heartbeatInterval=0.5s", timeout.Token);
        var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token)).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(3, status.GetProperty("code").GetInt32());
        var info = status.GetProperty("details").EnumerateArray().First(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("INVALID_REQUEST", info.GetProperty("reason").GetString());
        Assert.Contains("heartbeat_interval", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadDocument_OverRest_StreamsTheContentInPieces_WithItsHashOnTheFirst()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await _grpc.CreateAsync();
        var content = DocumentSupport.Pdf(DocumentSupport.MiB + 1000);
        var document = await DocumentSupport.UploadRawAsync(_grpc, DocumentSupport.Header(created.Name, content), content);

        using var response = await OpenAsync($"/v1/{document.Name}:download", timeout.Token);
        var pieces = new List<V1.DownloadDocumentResponse>();
        await foreach (var piece in Messages<V1.DownloadDocumentResponse>(response, timeout.Token))
        {
            pieces.Add(piece);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(pieces.Count >= 2, $"{pieces.Count} piece(s)");
        Assert.Equal(DocumentSupport.Sha256(content), pieces[0].Sha256);
        Assert.Equal(content.Length, pieces[0].SizeBytes);
        Assert.Equal(content, pieces.SelectMany(p => p.Data.ToByteArray()).ToArray());
    }

    private async Task<HttpResponseMessage> OpenAsync(string path, CancellationToken cancellationToken) =>
        await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    /// <summary>
    /// The stream's messages as they arrive: the body is newline-delimited JSON, one whole message a line, read
    /// line by line as a client without a JSON streaming parser would, and each line parsed as the contract's message.
    /// </summary>
    private static async IAsyncEnumerable<T> Messages<T>(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IMessage<T>, new()
    {
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await lines.ReadLineAsync(cancellationToken) is { } line)
        {
            T message;
            try
            {
                message = JsonParser.Default.Parse<T>(line);
            }
            catch (InvalidProtocolBufferException)
            {
                throw new Xunit.Sdk.XunitException($"A line of the stream is not a {typeof(T).Name}: {line}");
            }
            yield return message;
        }
    }

    private static async Task<V1.CaseEvent> NextEventAsync(IAsyncEnumerator<V1.WatchCaseEventsResponse> messages)
    {
        while (await messages.MoveNextAsync())
        {
            if (messages.Current.ItemCase == V1.WatchCaseEventsResponse.ItemOneofCase.Event)
            {
                return messages.Current.Event;
            }
        }
        throw new InvalidOperationException("The stream ended.");
    }
}
