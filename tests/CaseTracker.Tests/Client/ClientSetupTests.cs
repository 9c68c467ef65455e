using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseTracker.Tests.Client;

/// <summary>Setting the client up: options bound from configuration, tokens from a provider in the container, certificates with a custom handler.</summary>
public sealed class ClientSetupTests
{
    [Fact]
    public void AddCaseTrackerClient_FromConfiguration_BindsTheOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CaseTracker:Address"] = "http://casetracker.test:5080",
            ["CaseTracker:DefaultDeadline"] = "00:00:45",
            ["CaseTracker:AttemptTimeout"] = "00:00:05",
            ["CaseTracker:MaxRetries"] = "4",
            ["CaseTracker:MaxBackoff"] = "00:00:02",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddCaseTrackerClient(configuration.GetSection("CaseTracker")).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<CaseTrackerClientOptions>>().Value;
        var client = services.GetRequiredService<CaseTrackerClient>();

        Assert.Equal((TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(5), 4, TimeSpan.FromSeconds(2)),
            (options.DefaultDeadline, options.AttemptTimeout, options.MaxRetries, options.MaxBackoff));
        Assert.Equal("casetracker.test:5080", client.Channel.Target);
        Assert.NotNull(options.LoggerFactory); // the container's, for the client's retry and reconnect events
        Assert.Same(client, services.GetRequiredService<CaseTrackerClient>());
    }

    /// <summary>A token provider that needs another service of the container, as one calling an identity provider would.</summary>
    private sealed class HostTokens(CaseTrackerHost host) : ICaseTrackerTokenProvider
    {
        public int Asked { get; private set; }

        public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
        {
            Asked++;
            return ValueTask.FromResult(host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));
        }
    }

    [Fact]
    public async Task AddCaseTrackerClient_TakesItsTokensFromAProviderInTheContainer()
    {
        using var host = new CaseTrackerHost();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Address"] = host.Server.BaseAddress.ToString() }).Build();
        using var services = new ServiceCollection()
            .AddSingleton(host)
            .AddSingleton<HostTokens>()
            .AddSingleton<ICaseTrackerTokenProvider>(provider => provider.GetRequiredService<HostTokens>())
            .AddCaseTrackerClient(configuration, o => o.HttpHandler = host.Server.CreateHandler())
            .BuildServiceProvider();

        var listed = await services.GetRequiredService<CaseTrackerClient>().Cases.ListCasesAsync(new V1.ListCasesRequest());

        Assert.NotNull(listed);
        Assert.Equal(1, services.GetRequiredService<HostTokens>().Asked);
    }

    private static X509Certificate2 Certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ru.mvd.system", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void ClientCertificate_WithAHandlerThatCannotPresentIt_IsRefusedWithAClearError()
    {
        using var certificate = Certificate();
        using var inMemory = new InMemoryHandler();

        var error = Assert.Throws<ArgumentException>(() => new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = new Uri("https://casetracker.test:5443"),
            ClientCertificate = certificate,
            HttpHandler = new Counting(inMemory),
        }));

        Assert.Contains("cannot present the certificate", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(InMemoryHandler), error.Message, StringComparison.Ordinal);
    }

    private sealed class Counting(HttpMessageHandler inner) : DelegatingHandler(inner);

    /// <summary>A handler that opens no connection (like a test server's), so it has nowhere to present a certificate.</summary>
    private sealed class InMemoryHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.NotFound));
    }

    [Fact]
    public void ClientCertificate_WithADelegatingHandlerOverSockets_IsPresentedByTheSocketsHandler()
    {
        using var certificate = Certificate();
        var sockets = new SocketsHttpHandler();

        using var client = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = new Uri("https://casetracker.test:5443"),
            ClientCertificate = certificate,
            ServerCertificateValidator = _ => true,
            HttpHandler = new Counting(sockets),
        });

        Assert.Same(certificate, Assert.Single(sockets.SslOptions.ClientCertificates!.Cast<X509Certificate>()));
        Assert.NotNull(sockets.SslOptions.RemoteCertificateValidationCallback);
    }
}
