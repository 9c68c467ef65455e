using System.Security.Cryptography;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Grpc;

/// <summary>Every call needs a valid token from one of the two parties; roles limit what it may do.</summary>
public sealed class AuthenticationTests(CaseTrackerHost host) : IClassFixture<CaseTrackerHost>
{
    [Fact]
    public async Task Call_WithoutToken_IsUnauthenticated()
    {
        using var channel = GrpcChannel.ForAddress(host.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = host.Server.CreateHandler() });
        var anonymous = new V1.CaseService.CaseServiceClient(channel);

        var error = await RefusedAsync(() => anonymous.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CREDENTIALS_MISSING");
    }

    [Fact]
    public async Task Call_WithAnAuthorizationHeaderThatIsNotBearer_IsUnauthenticated()
    {
        using var channel = GrpcChannel.ForAddress(host.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = host.Server.CreateHandler() });
        var client = new V1.CaseService.CaseServiceClient(channel);

        var error = await RefusedAsync(() => client.ListCasesAsync(new V1.ListCasesRequest(), new Metadata { { "authorization", "Basic cnU6c2VjcmV0" } }).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CREDENTIALS_INVALID");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-a-token")]
    public async Task HealthCheck_WithoutOrWithABadToken_StaysOpen(string? authorization)
    {
        using var channel = GrpcChannel.ForAddress(host.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = host.Server.CreateHandler() });
        var headers = authorization is null ? new Metadata() : new Metadata { { "authorization", authorization } };

        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest(), headers);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Call_WithTokenSignedByAnUnknownKey_IsUnauthenticated()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenKeys.DefaultIssuer(Party.RU),
            Audience = "casetracker",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "intruder", ["role"] = "co-chair" },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(stranger), SecurityAlgorithms.EcdsaSha256),
        });

        var error = await RefusedAsync(() => host.ClientWithToken(forged).Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CREDENTIALS_INVALID");
    }

    [Fact]
    public async Task Call_WithGarbledToken_IsUnauthenticated()
    {
        var error = await RefusedAsync(() => host.ClientWithToken("not-a-token").Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CREDENTIALS_INVALID");
    }

    [Fact]
    public async Task Call_WithExpiredToken_IsUnauthenticated()
    {
        var expired = host.TokenFor(Party.TJ, Role.Investigator, "tj.late", TimeSpan.FromHours(1), DateTime.UtcNow.AddHours(-3));

        var error = await RefusedAsync(() => host.ClientWithToken(expired).Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CREDENTIALS_EXPIRED");
    }

    [Fact]
    public async Task Token_OfOneParty_CannotClaimTheOtherPartysIssuer()
    {
        var keys = host.Services.GetRequiredService<TokenKeys>();
        // Signed with Tajikistan's key but naming Russia's issuer: the key decides the party, so it is refused.
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TokenKeys.DefaultIssuer(Party.RU),
            Audience = "casetracker",
            Expires = DateTime.UtcNow.AddHours(1),
            Claims = new Dictionary<string, object> { ["sub"] = "tj.someone", ["role"] = "supervisor" },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(keys.DevelopmentSigner(Party.TJ)), SecurityAlgorithms.EcdsaSha256),
        });

        var error = await RefusedAsync(() => host.ClientWithToken(token).Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CREDENTIALS_INVALID");
    }

    [Fact]
    public async Task Auditor_CanReadButNotChange()
    {
        var created = await host.ClientFor(Party.TJ, Role.Investigator).CreateAsync();
        var auditor = host.ClientFor(Party.RU, Role.Auditor, "ru.auditor");

        var read = await auditor.Cases.GetCaseAsync(new V1.GetCaseRequest { Name = created.Name });
        var error = await RefusedAsync(() => auditor.Cases.CreateCaseAsync(new V1.CreateCaseRequest { Case = NewCase() }).ResponseAsync);

        Assert.Equal(created.Name, read.Name);
        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task PermissionDenied_IsDecidedBeforeNotFound()
    {
        var auditor = host.ClientFor(Party.RU, Role.Auditor, "ru.auditor");

        var error = await RefusedAsync(() => auditor.Cases.WithdrawCaseAsync(new V1.WithdrawCaseRequest { Name = "cases/tf-2026-999999", Reason = "x" }).ResponseAsync);

        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task MinistrySystem_FilesCasesAndNotesButDoesNotWorkThem()
    {
        var ministry = host.ClientFor(Party.RU, Role.MinistrySystem, "ru.mvd.system");

        var created = await ministry.CreateAsync();
        var note = await ministry.Cases.CreateNoteAsync(new V1.CreateNoteRequest { Parent = created.Name, Note = new V1.Note { Text = "Filed from the registry feed." } });
        var error = await RefusedAsync(() => ministry.Cases.StartInvestigationAsync(new V1.StartInvestigationRequest { Name = created.Name }).ResponseAsync);

        Assert.Equal(V1.Party.Ru, created.FilingParty);
        Assert.Equal("ru.mvd.system", note.Author);
        AssertStatus(error, StatusCode.PermissionDenied, "ROLE_NOT_ALLOWED");
    }
}
