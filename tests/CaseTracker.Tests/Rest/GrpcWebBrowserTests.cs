using System.Text.Json;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using CaseTracker.Tests.Web;
using Microsoft.Playwright;

namespace CaseTracker.Tests.Rest;

/// <summary>
/// A browser page calling the contract with gRPC-Web: a page in headless Chromium (Debian's), on the server's own
/// HTTP/1.1 origin, frames a request with <c>fetch</c> as a gRPC-Web library does, in binary and in text mode, and
/// reads the answer and the status from the body. The page is handed to the browser by the test; every call it
/// makes goes to the real server.
/// </summary>
public sealed class GrpcWebBrowserTests : IAsyncLifetime
{
    // Frames one GetCaseRequest { name } (field 1, a string shorter than 128 bytes), posts it, and returns the status,
    // the content type, every message frame's payload (base64) and the call's trailers as text.
    private const string CallGetCase = """
        async ({ name, token, text }) => {
          const message = new Uint8Array([0x0a, name.length, ...new TextEncoder().encode(name)]);
          const frame = new Uint8Array(5 + message.length);
          new DataView(frame.buffer).setUint32(1, message.length);
          frame.set(message, 5);
          const response = await fetch('/casetracker.v1.CaseService/GetCase', {
            method: 'POST',
            headers: {
              'content-type': text ? 'application/grpc-web-text' : 'application/grpc-web+proto',
              'x-grpc-web': '1',
              'authorization': 'Bearer ' + token,
            },
            body: text ? btoa(String.fromCharCode(...frame)) : frame,
          });
          let bytes;
          if (text) {
            // Base64 written as the server flushed it: padded segments one after another, four characters at a time.
            const encoded = await response.text();
            bytes = [];
            for (let i = 0; i < encoded.length; i += 4) {
              bytes.push(...Array.from(atob(encoded.substring(i, i + 4)), c => c.charCodeAt(0)));
            }
            bytes = new Uint8Array(bytes);
          } else {
            bytes = new Uint8Array(await response.arrayBuffer());
          }
          const messages = [];
          let trailers = '';
          for (let offset = 0; offset < bytes.length;) {
            const length = new DataView(bytes.buffer, bytes.byteOffset + offset + 1, 4).getUint32(0);
            const payload = bytes.slice(offset + 5, offset + 5 + length);
            if (bytes[offset] & 0x80) {
              trailers += new TextDecoder().decode(payload);
            } else {
              messages.push(btoa(String.fromCharCode(...payload)));
            }
            offset += 5 + length;
          }
          // A call refused before any message answers "trailers-only": the status is in the response headers.
          const trailersOnly = trailers === '';
          for (const key of ['grpc-status', 'grpc-message', 'grpc-status-details-bin']) {
            if (trailersOnly && response.headers.has(key)) {
              trailers += key + ': ' + response.headers.get(key) + '\r\n';
            }
          }
          return { status: response.status, contentType: response.headers.get('content-type'), messages, trailers };
        }
        """;

    private LoopbackServer _server = null!;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        if (!File.Exists(WorkspaceFixture.ChromiumPath))
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = WorkspaceFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
        await _server.DisposeAsync();
    }

    [ChromiumFact]
    public async Task BrowserPage_InBinaryAndInTextGrpcWeb_ReadsACase_EachAnsweredInItsOwnMode()
    {
        var created = await CreateCaseAsync();

        var binary = await CallFromThePageAsync(created.Name, text: false);
        var text = await CallFromThePageAsync(created.Name, text: true);

        Assert.Equal((200, 200), (binary.GetProperty("status").GetInt32(), text.GetProperty("status").GetInt32()));
        Assert.Equal("application/grpc-web", binary.GetProperty("contentType").GetString()!.Split('+', ';')[0]);
        Assert.Equal("application/grpc-web-text", text.GetProperty("contentType").GetString()!.Split('+', ';')[0]);
        Assert.Equal(created.Name, SingleCase(binary).Name);
        Assert.Equal(created.Name, SingleCase(text).Name);
        Assert.All(new[] { binary, text }, answer => Assert.Contains("grpc-status: 0", answer.GetProperty("trailers").GetString(), StringComparison.Ordinal));
    }

    [ChromiumFact]
    public async Task BrowserPage_AskingForAnUnknownCase_GetsNotFoundInTheTrailers()
    {
        var answer = await CallFromThePageAsync("cases/TF-2000-999999", text: false);

        Assert.Equal(200, answer.GetProperty("status").GetInt32());
        Assert.Empty(answer.GetProperty("messages").EnumerateArray());
        var trailers = answer.GetProperty("trailers").GetString()!;
        Assert.Contains("grpc-status: 5", trailers, StringComparison.Ordinal);
        Assert.Contains("grpc-status-details-bin", trailers, StringComparison.Ordinal);
    }

    private async Task<V1.Case> CreateCaseAsync()
    {
        var token = _server.TokenFor(Party.TJ, Role.Investigator, "tj.karimova");
        using var client = new CaseTrackerClient(new CaseTrackerClientOptions { Address = _server.GrpcEndpoint, TokenProvider = _ => ValueTask.FromResult(token) });
        return await client.CreateAsync();
    }

    /// <summary>Opens a blank page on the server's HTTP origin (served by the test) and runs the call in it.</summary>
    private async Task<JsonElement> CallFromThePageAsync(string name, bool text)
    {
        await using var context = await _browser!.NewContextAsync();
        var page = await context.NewPageAsync();
        var pageUrl = new Uri(_server.HttpEndpoint, "/grpc-web-page").ToString();
        await page.RouteAsync(pageUrl, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = "<!doctype html><title>gRPC-Web</title>" }));
        await page.GotoAsync(pageUrl);
        var token = _server.TokenFor(Party.TJ, Role.Investigator, "tj.karimova");
        return (await page.EvaluateAsync<JsonElement?>(CallGetCase, new { name, token, text }))!.Value;
    }

    private static V1.Case SingleCase(JsonElement answer) =>
        V1.Case.Parser.ParseFrom(Convert.FromBase64String(Assert.Single(answer.GetProperty("messages").EnumerateArray()).GetString()!));
}
