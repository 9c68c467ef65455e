using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CaseTracker.Tests.Web;

/// <summary>
/// Sign-in at a party's own identity provider (OpenID Connect, code flow with PKCE), against a small provider
/// run by the test: the workspace signs the member in with the provider's access token only when the server
/// trusts it for the provider's party, and no token ever travels in a URL.
/// </summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private const string ClientId = "casetracker-web";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));
    private readonly int _providerPort = LoopbackPorts.Free();
    private readonly int _httpPort = LoopbackPorts.Free();
    private readonly ECDsa _providerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private WebApplication _provider = default!;
    private WebApplication _server = default!;
    private string _nonce = string.Empty;
    private Party _accessTokenParty = Party.TJ;

    private string Authority => $"http://127.0.0.1:{_providerPort}";

    public async Task InitializeAsync()
    {
        _provider = FakeProvider();
        await _provider.StartAsync();
        _server = CaseTrackerApp.Build(
        [
            $"--Endpoints:Grpc=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Endpoints:Http=http://127.0.0.1:{_httpPort}",
            $"--Storage:DataDirectory={_folder}",
            .. TestDatabase.Postgres is null ? Array.Empty<string>() : ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={TestDatabase.ForDataDirectory(_folder)}"],
            "--Hangfire:Storage=InMemory",
            "--Hangfire:ServerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
            $"--Web:Oidc:TJ:Authority={Authority}",
            $"--Web:Oidc:TJ:ClientId={ClientId}",
            "--Web:Oidc:TJ:ClientSecret=test-secret",
            "--Web:Oidc:TJ:RequireHttpsMetadata=false",
        ]);
        await _server.StartAsync();
    }

    [Fact]
    public async Task SignIn_AtTheTjProvider_WithATokenTheServerTrustsForTj_SignsTheMemberIn_NoTokenInAnyUrl()
    {
        using var http = Browserless();
        var (callback, urls) = await AuthorizeAsync(http);

        var signedIn = await http.GetAsync(callback);
        urls.Add(signedIn.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/cases", signedIn.Headers.Location.OriginalString);
        var cases = await http.GetAsync("/cases");
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        Assert.Contains("Dilnoza Karimova", WebUtility.HtmlDecode(await cases.Content.ReadAsStringAsync()));
        Assert.All(urls, url => Assert.DoesNotContain("eyJ", url));
    }

    [Fact]
    public async Task SignIn_AtTheTjProvider_WithATokenSignedForRu_IsRefused_AndNobodyIsSignedIn()
    {
        _accessTokenParty = Party.RU;
        using var http = Browserless();
        var (callback, _) = await AuthorizeAsync(http);

        var refused = await http.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/sign-in?refused=TJ", refused.Headers.Location!.OriginalString);
        Assert.Contains("was not accepted", await http.GetStringAsync("/sign-in?refused=TJ"));
        Assert.Equal(HttpStatusCode.Redirect, (await http.GetAsync("/cases")).StatusCode);
    }

    /// <summary>Starts the sign-in and plays the provider's part: the URL the browser is sent back to with a code.</summary>
    private async Task<(string Callback, List<string> Urls)> AuthorizeAsync(HttpClient http)
    {
        var challenge = await http.GetAsync("/sign-in/TJ?returnUrl=%2Fcases");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{Authority}/authorize", authorize.OriginalString);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(ClientId, query["client_id"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        _nonce = query["nonce"].ToString();
        var callback = QueryHelpers.AddQueryString(query["redirect_uri"].ToString(), new Dictionary<string, string?> { ["code"] = "code-1", ["state"] = query["state"] });
        return (callback, [authorize.OriginalString, callback]);
    }

    private HttpClient Browserless() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{_httpPort}"),
        };

    /// <summary>The TJ identity provider: discovery, its signing key, and a token endpoint that answers any code.</summary>
    private WebApplication FakeProvider()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(Authority);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var key = new ECDsaSecurityKey(_providerKey) { KeyId = "tj-idp-1" };
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = $"{Authority}/authorize",
            ["token_endpoint"] = $"{Authority}/token",
            ["jwks_uri"] = $"{Authority}/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        }));
        app.MapGet("/jwks", () => Results.Json(new { keys = new[] { new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = jwk.Kid, use = "sig", alg = "ES256" } } }));
        app.MapPost("/token", () =>
        {
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = ClientId,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                Subject = new ClaimsIdentity([new Claim("sub", "dilnoza.karimova"), new Claim("name", "Dilnoza Karimova"), new Claim("nonce", _nonce)]),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            });
            // The access token for the API, signed with the key the server trusts for a party (here its development keys).
            var accessToken = TokenIssuer.Mint(_server.Services.GetRequiredService<TokenKeys>(), "casetracker", _accessTokenParty, Role.Investigator,
                "dilnoza.karimova", "Dilnoza Karimova", TimeSpan.FromHours(1), now);
            return Results.Text(JsonSerializer.Serialize(new { access_token = accessToken, token_type = "Bearer", expires_in = 3600, id_token = idToken }), "application/json");
        });
        return app;
    }

    public async Task DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
        await _provider.StopAsync();
        await _provider.DisposeAsync();
        _providerKey.Dispose();
        TestDatabase.Drop(_folder);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
