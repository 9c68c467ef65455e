using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Tests.Support;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using static CaseTracker.Tests.Support.Drafts;

namespace CaseTracker.Tests.Security;

/// <summary>
/// Ministry systems authenticate with client certificates on the TLS endpoint of a real Kestrel server;
/// the certificates are made here, on the fly, and nothing secret is committed.
/// </summary>
public sealed class MinistryCertificateTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _serverCertificate = Create("CN=casetracker.test", "1.3.6.1.5.5.7.3.1");
    private readonly X509Certificate2 _russianMinistry = Create("CN=ru.mvd.system", "1.3.6.1.5.5.7.3.2");
    private readonly X509Certificate2 _stranger = Create("CN=stranger", "1.3.6.1.5.5.7.3.2");
    private WebApplication? _app;
    private int _tlsPort;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var certificatePath = Path.Combine(_folder, "server.pem");
        var keyPath = Path.Combine(_folder, "server.key");
        await File.WriteAllTextAsync(certificatePath, _serverCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, _serverCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        _tlsPort = LoopbackPorts.Free();
        _app = CaseTrackerApp.Build(
        [
            $"--Endpoints:Grpc=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Endpoints:Http=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Endpoints:MinistryTls:Url=https://127.0.0.1:{_tlsPort}",
            $"--Endpoints:MinistryTls:CertificatePath={certificatePath}",
            $"--Endpoints:MinistryTls:KeyPath={keyPath}",
            $"--Auth:Ministries:0:Thumbprint={_russianMinistry.Thumbprint}",
            "--Auth:Ministries:0:Party=RU",
            "--Auth:Ministries:0:Id=ru.mvd.system",
            $"--Storage:DataDirectory={_folder}",
            "--Hangfire:Storage=InMemory",
            "--Hangfire:ServerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
    }

    private CaseTrackerClient ClientWith(X509Certificate2? certificate) => new(new CaseTrackerClientOptions
    {
        Address = new Uri($"https://127.0.0.1:{_tlsPort}"),
        ClientCertificate = certificate,
        ServerCertificateValidator = presented => presented.Thumbprint == _serverCertificate.Thumbprint,
        MaxRetries = 0,
    });

    [Fact]
    public async Task KnownCertificate_ActsAsItsMinistrySystem()
    {
        using var client = ClientWith(_russianMinistry);

        var created = await client.CreateAsync();
        var events = await client.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = created.Name });

        Assert.Equal(V1.Party.Ru, created.FilingParty);
        Assert.Equal(("ru.mvd.system", V1.Party.Ru, V1.Role.MinistrySystem), (events.CaseEvents[0].Actor, events.CaseEvents[0].ActorParty, events.CaseEvents[0].ActorRole));
    }

    [Fact]
    public async Task UnknownCertificate_IsUnauthenticated()
    {
        using var client = ClientWith(_stranger);

        var error = await RefusedAsync(() => client.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
    }

    [Fact]
    public async Task NoCertificate_IsRefusedAtTheHandshake()
    {
        using var client = ClientWith(null);

        var error = await RefusedAsync(() => client.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static X509Certificate2 Create(string subject, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(builder.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
