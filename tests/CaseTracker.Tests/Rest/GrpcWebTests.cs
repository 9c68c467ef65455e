using System.Buffers.Binary;
using System.Net;
using System.Text;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Tests.Rest;

/// <summary>
/// gRPC-Web on the HTTP/1.1 endpoint, for browsers and proxies that do not pass HTTP/2: a real Kestrel server on
/// loopback whose HTTP endpoint speaks HTTP/1.1 only, reached by the client library with <c>UseGrpcWeb</c> and by
/// the requests a browser's gRPC-Web library sends.
/// </summary>
public sealed class GrpcWebTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    private Uri HttpEndpoint => _server.HttpEndpoint;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private string Token() => _server.TokenFor(Party.TJ, Role.Investigator, "tj.karimova");

    [Fact]
    public async Task ClientWithUseGrpcWeb_FilesAndReadsACase_OverTheHttp11OnlyEndpoint()
    {
        var versions = new VersionRecorder(new SocketsHttpHandler());
        using var client = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = HttpEndpoint,
            TokenProvider = _ => ValueTask.FromResult(Token()),
            HttpHandler = versions,
            UseGrpcWeb = true,
        });

        var created = await client.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = Drafts.NewCase() });
        var read = await client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = created.Name });
        var refused = await Assert.ThrowsAsync<CaseTrackerException>(() => client.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = "cases/TF-2000-999999" }).ResponseAsync);

        Assert.Equal(created.Name, read.Name);
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Equal("CASE_NOT_FOUND", refused.Reason);
        Assert.NotEmpty(versions.Seen);
        Assert.All(versions.Seen, version => Assert.Equal(HttpVersion.Version11, version));
    }

    [Fact]
    public async Task PlainGrpcClient_CannotUseTheHttp11OnlyEndpoint()
    {
        using var client = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = HttpEndpoint,
            TokenProvider = _ => ValueTask.FromResult(Token()),
            MaxRetries = 0,
        });

        await Assert.ThrowsAnyAsync<Exception>(() => client.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);
    }

    [Fact]
    public async Task BrowserRequest_InGrpcWeb_GetsTheAnswerAndTheStatusInTheBody()
    {
        // What a browser's gRPC-Web library (grpc-web in binary mode, Connect's gRPC-Web transport) sends over
        // HTTP/1.1: the message framed as in gRPC, and the status back in a trailer frame of the body.
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(HttpEndpoint, "/casetracker.v1.CaseService/ListCases"))
        {
            Content = new ByteArrayContent(Frame(0, new V1.ListCasesRequest { PageSize = 5 }.ToByteArray())),
        };
        request.Content.Headers.ContentType = new("application/grpc-web+proto");
        request.Headers.Add("x-grpc-web", "1");
        request.Headers.Add("authorization", "Bearer " + Token());

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version11, response.Version);
        Assert.Equal("application/grpc-web", response.Content.Headers.ContentType!.MediaType);
        var frames = Frames(body);
        Assert.Equal(2, frames.Count);
        Assert.Equal(0, frames[0].Flags);
        V1.ListCasesResponse.Parser.ParseFrom(frames[0].Payload);
        Assert.Equal(0x80, frames[1].Flags);
        Assert.Contains("grpc-status: 0", Encoding.ASCII.GetString(frames[1].Payload), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/grpc-web-text")]
    [InlineData("*/*")]
    [InlineData(null)]
    public async Task BrowserRequest_InGrpcWebText_GetsTheAnswerAndTheStatusInBase64(string? accept)
    {
        // grpc-web's text mode (the default of its JavaScript library): the same frames, base64-encoded both ways,
        // asked for with `accept: application/grpc-web-text` or only by the request's content type (a browser's fetch
        // sends `accept: */*` unless told otherwise).
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version11, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(HttpEndpoint, "/casetracker.v1.CaseService/ListCases"))
        {
            Content = new StringContent(Convert.ToBase64String(Frame(0, new V1.ListCasesRequest { PageSize = 5 }.ToByteArray())), Encoding.ASCII),
        };
        request.Content.Headers.ContentType = new("application/grpc-web-text");
        if (accept is not null)
        {
            request.Headers.Add("accept", accept);
        }
        request.Headers.Add("x-grpc-web", "1");
        request.Headers.Add("authorization", "Bearer " + Token());

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/grpc-web-text", response.Content.Headers.ContentType!.MediaType);
        var frames = Frames(FromBase64Segments(text));
        Assert.Equal(2, frames.Count);
        Assert.Equal(0, frames[0].Flags);
        V1.ListCasesResponse.Parser.ParseFrom(frames[0].Payload);
        Assert.Equal(0x80, frames[1].Flags);
        Assert.Contains("grpc-status: 0", Encoding.ASCII.GetString(frames[1].Payload), StringComparison.Ordinal);
    }

    /// <summary>
    /// Decodes a grpc-web-text body: base64 written as it was flushed, so several padded segments one after
    /// another, as a browser's library decodes them (every four characters on their own).
    /// </summary>
    private static byte[] FromBase64Segments(string text)
    {
        Assert.True(text.Length % 4 == 0, $"not base64: {text}");
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i += 4)
        {
            bytes.AddRange(Convert.FromBase64String(text.Substring(i, 4)));
        }
        return [.. bytes];
    }

    private static byte[] Frame(byte flags, byte[] payload)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flags;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }

    private static List<(byte Flags, byte[] Payload)> Frames(byte[] body)
    {
        var frames = new List<(byte, byte[])>();
        for (var offset = 0; offset < body.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(offset + 1));
            frames.Add((body[offset], body.AsSpan(offset + 5, length).ToArray()));
            offset += 5 + length;
        }
        return frames;
    }

    /// <summary>Records the HTTP version of every response the client got.</summary>
    private sealed class VersionRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<Version> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (Seen)
            {
                Seen.Add(response.Version);
            }
            return response;
        }
    }
}
