using System.Net;
using System.Numerics;
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
/// Ministry systems authenticate with client certificates on the TLS endpoint of a real Kestrel server. Each
/// ministry has its own CA and revocation list; Russia's system is known by its subject, Tajikistan's by its
/// pinned thumbprint. The CAs and certificates are made here, on the fly, and nothing secret is committed.
/// </summary>
public sealed class MinistryCertificateTests : IAsyncLifetime
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));
    private readonly X509Certificate2 _serverCertificate = SelfSigned("CN=casetracker.test", ServerAuthentication);
    private readonly X509Certificate2 _russianCa = Authority("CN=RU MVD Systems CA, O=MVD, C=RU");
    private readonly X509Certificate2 _tajikCa = Authority("CN=TJ MLME Systems CA, O=MLME, C=TJ");
    private readonly X509Certificate2 _migrationRoot = Authority("CN=RU Migration Root CA, C=RU");
    private readonly X509Certificate2 _migrationCa;
    private readonly X509Certificate2 _russianMinistry;
    private readonly X509Certificate2 _tajikMinistry;
    private readonly X509Certificate2 _migrationSystem;
    private WebApplication? _app;
    private int _tlsPort;

    public MinistryCertificateTests()
    {
        _russianMinistry = Issue(_russianCa, "CN=ru.mvd.system, O=MVD, C=RU");
        _tajikMinistry = Issue(_tajikCa, "CN=tj.mlme.system, O=MLME, C=TJ");
        _migrationCa = Authority("CN=RU Migration Systems CA, C=RU", issuer: _migrationRoot);
        _migrationSystem = Issue(_migrationCa, "CN=ru.migration.system, C=RU");
    }

    private string RussianCrlPath => Path.Combine(_folder, "ru-ca.crl");

    private string MigrationRootCrlPath => Path.Combine(_folder, "migration-root.crl");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var certificatePath = Path.Combine(_folder, "server.pem");
        var keyPath = Path.Combine(_folder, "server.key");
        await File.WriteAllTextAsync(certificatePath, _serverCertificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, _serverCertificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(_folder, "ru-ca.pem"), _russianCa.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_folder, "tj-ca.pem"), _tajikCa.ExportCertificatePem());
        await File.WriteAllBytesAsync(RussianCrlPath, Crl(_russianCa, 1));                                       // DER
        await File.WriteAllTextAsync(Path.Combine(_folder, "tj-ca.crl.pem"), PemEncoding.WriteString("X509 CRL", Crl(_tajikCa, 1))); // PEM
        // A ministry whose systems' CA is an intermediate under its own root: both files, both lists.
        await File.WriteAllTextAsync(Path.Combine(_folder, "migration-cas.pem"), _migrationRoot.ExportCertificatePem() + "\n" + _migrationCa.ExportCertificatePem());
        await File.WriteAllBytesAsync(MigrationRootCrlPath, Crl(_migrationRoot, 1));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "migration-ca.crl"), Crl(_migrationCa, 1));
        _tlsPort = LoopbackPorts.Free();
        _app = CaseTrackerApp.Build(
        [
            $"--Endpoints:Grpc=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Endpoints:Http=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Endpoints:MinistryTls:Url=https://127.0.0.1:{_tlsPort}",
            $"--Endpoints:MinistryTls:CertificatePath={certificatePath}",
            $"--Endpoints:MinistryTls:KeyPath={keyPath}",
            $"--Auth:Ministries:0:CaPath={Path.Combine(_folder, "ru-ca.pem")}",
            $"--Auth:Ministries:0:CrlPath={RussianCrlPath}",
            $"--Auth:Ministries:0:Subject={_russianMinistry.Subject}",
            "--Auth:Ministries:0:Party=RU",
            "--Auth:Ministries:0:Id=ru.mvd.system",
            $"--Auth:Ministries:1:CaPath={Path.Combine(_folder, "tj-ca.pem")}",
            $"--Auth:Ministries:1:CrlPath={Path.Combine(_folder, "tj-ca.crl.pem")}",
            $"--Auth:Ministries:1:Thumbprint={_tajikMinistry.Thumbprint}",
            "--Auth:Ministries:1:Party=TJ",
            "--Auth:Ministries:1:Id=tj.mlme.system",
            $"--Auth:Ministries:2:CaPath={Path.Combine(_folder, "migration-cas.pem")}",
            $"--Auth:Ministries:2:CrlPath={MigrationRootCrlPath}; {Path.Combine(_folder, "migration-ca.crl")}",
            $"--Auth:Ministries:2:Subject={_migrationSystem.Subject}",
            "--Auth:Ministries:2:Party=RU",
            "--Auth:Ministries:2:Id=ru.migration.system",
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

    private async Task<RpcException> RefusedWith(X509Certificate2 certificate)
    {
        using var client = ClientWith(certificate);
        return await RefusedAsync(() => client.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);
    }

    [Fact]
    public async Task CertificateFromItsMinistrysCa_ActsAsItsMinistrySystem()
    {
        using var client = ClientWith(_russianMinistry);

        var created = await client.CreateAsync();
        var events = await client.Cases.ListCaseEventsAsync(new V1.ListCaseEventsRequest { Case = created.Name });

        Assert.Equal(V1.Party.Ru, created.FilingParty);
        Assert.Equal(("ru.mvd.system", V1.Party.Ru, V1.Role.MinistrySystem), (events.CaseEvents[0].Actor, events.CaseEvents[0].ActorParty, events.CaseEvents[0].ActorRole));
    }

    [Fact]
    public async Task PinnedCertificateFromItsMinistrysCa_ActsAsItsMinistrySystem()
    {
        using var client = ClientWith(_tajikMinistry);

        var created = await client.CreateAsync();

        Assert.Equal(V1.Party.Tj, created.FilingParty);
    }

    [Fact]
    public async Task SelfSignedCertificate_WithTheMinistrysSubject_IsRefused()
    {
        var forged = SelfSigned(_russianMinistry.Subject, ClientAuthentication);

        AssertStatus(await RefusedWith(forged), StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
    }

    [Fact]
    public async Task Certificate_WithTheMinistrysSubjectAndIssuer_FromAForgedCa_IsRefused()
    {
        // A CA of the attacker's own carrying the ministry CA's name: subject and issuer are exactly the real ones.
        var forgedCa = Authority(_russianCa.Subject);
        var forged = Issue(forgedCa, _russianMinistry.Subject);

        Assert.Equal((_russianMinistry.Subject, _russianMinistry.Issuer), (forged.Subject, forged.Issuer));
        AssertStatus(await RefusedWith(forged), StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
    }

    [Fact]
    public async Task Certificate_FromTheOtherMinistrysCa_IsRefusedAsThisMinistry()
    {
        var fromTajikCa = Issue(_tajikCa, _russianMinistry.Subject);

        var error = await RefusedWith(fromTajikCa);

        AssertStatus(error, StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
        Assert.Contains("ru.mvd.system", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiredCertificate_IsRefused()
    {
        var expired = Issue(_russianCa, _russianMinistry.Subject, notBefore: DateTimeOffset.UtcNow.AddDays(-3), notAfter: DateTimeOffset.UtcNow.AddDays(-1));

        AssertStatus(await RefusedWith(expired), StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
    }

    [Fact]
    public async Task Certificate_WithoutClientAuthenticationUsage_IsRefused()
    {
        var serverOnly = Issue(_russianCa, _russianMinistry.Subject, usage: ServerAuthentication);

        AssertStatus(await RefusedWith(serverOnly), StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
    }

    [Fact]
    public async Task Certificate_IsRefusedOnceItsCaRevokesIt_WithoutARestart()
    {
        var second = Issue(_russianCa, _russianMinistry.Subject);
        using var client = ClientWith(second);
        using var other = ClientWith(_russianMinistry);
        await client.Cases.ListCasesAsync(new V1.ListCasesRequest());

        await File.WriteAllBytesAsync(RussianCrlPath, Crl(_russianCa, 2, second));
        var error = await RefusedAsync(() => client.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        AssertStatus(error, StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
        Assert.Contains("revoked", error.Status.Detail, StringComparison.Ordinal);
        await other.Cases.ListCasesAsync(new V1.ListCasesRequest());
    }

    [Fact]
    public async Task RevocationList_NotSignedByTheCa_IsIgnored()
    {
        var second = Issue(_russianCa, _russianMinistry.Subject);
        using var client = ClientWith(second);

        // A list naming the ministry's CA as its issuer but signed by another key: it must not count.
        await File.WriteAllBytesAsync(RussianCrlPath, Crl(Authority(_russianCa.Subject), 2, second));
        await client.Cases.ListCasesAsync(new V1.ListCasesRequest());
    }

    [Fact]
    public async Task Certificate_FromAnIntermediateCa_IsAccepted_UntilTheRootRevokesThatCa()
    {
        using var client = ClientWith(_migrationSystem);
        var created = await client.CreateAsync();

        await File.WriteAllBytesAsync(MigrationRootCrlPath, Crl(_migrationRoot, 2, _migrationCa));
        var error = await RefusedAsync(() => client.Cases.ListCasesAsync(new V1.ListCasesRequest()).ResponseAsync);

        Assert.Equal(V1.Party.Ru, created.FilingParty);
        AssertStatus(error, StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
        Assert.Contains("RU Migration Systems CA", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Server_WithARevocationListNotSignedByTheMinistrysCa_RefusesToStartAndNamesTheKey()
    {
        var forgedList = Path.Combine(_folder, "forged.crl");
        File.WriteAllBytes(forgedList, Crl(Authority(_russianCa.Subject), 1));

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => CaseTrackerApp.Build(
        [
            $"--Endpoints:Grpc=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Endpoints:Http=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--Auth:Ministries:0:CaPath={Path.Combine(_folder, "ru-ca.pem")}",
            $"--Auth:Ministries:0:CrlPath={forgedList}",
            $"--Auth:Ministries:0:Subject={_russianMinistry.Subject}",
            "--Auth:Ministries:0:Party=RU",
            "--Auth:Ministries:0:Id=ru.mvd.system",
            $"--Storage:DataDirectory={Path.Combine(_folder, "second")}",
            "--Hangfire:Storage=InMemory",
            "--Hangfire:ServerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
        ]));

        Assert.Contains("Auth:Ministries:0:CrlPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("not signed by any CA certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCertificate_FromAMinistrysCa_IsUnauthenticated()
    {
        var stranger = Issue(_russianCa, "CN=stranger, O=MVD, C=RU");

        AssertStatus(await RefusedWith(stranger), StatusCode.Unauthenticated, "CERTIFICATE_UNKNOWN");
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

    private static X509Certificate2 Authority(string subject, X509Certificate2? issuer = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is null)
        {
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(30));
        }
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issued = request.Create(issuer, DateTimeOffset.UtcNow.AddDays(-9), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Issue(
        X509Certificate2 authority, string subject, string usage = ClientAuthentication, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(authority, notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-5), notAfter ?? DateTimeOffset.UtcNow.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private static byte[] Crl(X509Certificate2 authority, int number, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, DateTimeOffset.UtcNow.AddMinutes(-1));
        }
        return builder.Build(authority, new BigInteger(number), DateTimeOffset.UtcNow.AddDays(7), HashAlgorithmName.SHA256);
    }

    private static X509Certificate2 SelfSigned(string subject, string usage)
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
