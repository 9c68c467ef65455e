using System.Security.Cryptography;
using System.Text.Json;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Hosting;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Security;

/// <summary>
/// A party holds several signing keys at once, each named by a key ID its tokens carry: a key added to the
/// party's JWKS file (or a development key added) works, and a key removed stops working, without a restart.
/// </summary>
public sealed class KeyRotationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-keys", Guid.NewGuid().ToString("N"));

    public KeyRotationTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AKeyAddedToThePartysKeySet_SignsTokensThatWork_WithoutARestart()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwks = WriteKeySet(("tj-2026-01", first));
        using var host = HostTrusting(jwks);
        await AssertAcceptedAsync(host, Token(first, "tj-2026-01"));

        WriteKeySet(("tj-2026-01", first), ("tj-2026-12", second));

        await Eventually(() => AssertAcceptedAsync(host, Token(second, "tj-2026-12")));
    }

    [Fact]
    public async Task AKeyRemovedFromThePartysKeySet_StopsWorking_EvenForATokenAlreadyUsed()
    {
        using var old = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var current = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwks = WriteKeySet(("tj-old", old), ("tj-new", current));
        using var host = HostTrusting(jwks);
        var oldToken = Token(old, "tj-old");
        await AssertAcceptedAsync(host, oldToken);

        WriteKeySet(("tj-new", current));

        await Eventually(() => AssertRefusedAsync(host, oldToken, "CREDENTIALS_INVALID"));
        await AssertAcceptedAsync(host, Token(current, "tj-new"));
    }

    [Fact]
    public async Task ATokenNamingAKeyThePartyDoesNotHave_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var host = HostTrusting(WriteKeySet(("tj-1", key)));

        await AssertRefusedAsync(host, Token(key, "tj-2"), "CREDENTIALS_INVALID");
        await AssertRefusedAsync(host, Token(key, keyId: null), "CREDENTIALS_INVALID");
    }

    [Fact]
    public async Task AKeySetThatBreaks_LeavesThePreviousKeysInForce()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwks = WriteKeySet(("tj-1", key));
        using var host = HostTrusting(jwks);
        await AssertAcceptedAsync(host, Token(key, "tj-1"));

        File.WriteAllText(jwks, "{\"keys\": [ half written");
        await Task.Delay(TokenKeys.RecheckInterval * 2);

        await AssertAcceptedAsync(host, Token(key, "tj-1"));
        Assert.Contains(host.Logs.Lines, line => line.Contains("could not be read; the previous keys stay in force", StringComparison.Ordinal));
    }

    [Fact]
    public void AKeySetThatCannotBeRead_StopsTheServerAtStart_NamingTheSetting()
    {
        var jwks = Path.Combine(_folder, "tj.jwks.json");
        File.WriteAllText(jwks, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"x\"}]}");
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Auth:Issuers:TJ:JwksPath"] = jwks });

        var said = StartupFailure.MessagesOf(host);

        Assert.Contains("Auth:Issuers:TJ:JwksPath", said);
        Assert.Contains("EC P-256", said);
    }

    [Fact]
    public async Task ADevelopmentKeyAdded_SignsNewTokens_AndRetiringTheOldOneRefusesItsTokens()
    {
        using var host = new CaseTrackerHost();
        var before = host.TokenFor(Party.TJ, Role.Investigator, "tj.before");
        await AssertAcceptedAsync(host, before);

        Assert.Equal(0, await ServerCommands.RunAsync(["dev-key", "--party", "TJ", "--data-dir", host.DataDirectory]));
        await Task.Delay(TokenKeys.RecheckInterval * 2);
        var after = host.TokenFor(Party.TJ, Role.Investigator, "tj.after");

        Assert.StartsWith("tj-", new JsonWebToken(after).Kid);
        await AssertAcceptedAsync(host, after);
        await AssertAcceptedAsync(host, before);

        File.Delete(Path.Combine(host.DataDirectory, "dev-keys", "tj.pem"));

        await Eventually(() => AssertRefusedAsync(host, before, "CREDENTIALS_INVALID"));
        await AssertAcceptedAsync(host, after);
    }

    private CaseTrackerHost HostTrusting(string jwks) =>
        CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Auth:Issuers:TJ:JwksPath"] = jwks });

    /// <summary>Writes the party's key set, replacing the file in one move as an operator's tooling would.</summary>
    private string WriteKeySet(params (string KeyId, ECDsa Key)[] keys)
    {
        var path = Path.Combine(_folder, "tj.jwks.json");
        var set = new
        {
            keys = keys.Select(k =>
            {
                var point = k.Key.ExportParameters(includePrivateParameters: false).Q;
                return new { kty = "EC", crv = "P-256", kid = k.KeyId, use = "sig", x = Base64UrlEncoder.Encode(point.X), y = Base64UrlEncoder.Encode(point.Y) };
            }),
        };
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(set));
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    private static string Token(ECDsa key, string? keyId) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = TokenKeys.DefaultIssuer(Party.TJ),
        Audience = "casetracker",
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = new Dictionary<string, object> { ["sub"] = "tj.investigator", ["role"] = "investigator" },
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
    });

    private static async Task AssertAcceptedAsync(CaseTrackerHost host, string token) =>
        await host.ClientWithToken(token).Cases.ListCasesAsync(new V1.ListCasesRequest());

    private static async Task AssertRefusedAsync(CaseTrackerHost host, string token, string reason)
    {
        var error = await RefusedAsync(() => host.ClientWithToken(token).Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);
        AssertStatus(error, StatusCode.Unauthenticated, reason);
    }

    /// <summary>Retries an assertion for a few seconds: key files are looked at again about once a second.</summary>
    private static async Task Eventually(Func<Task> assertion)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }
}
