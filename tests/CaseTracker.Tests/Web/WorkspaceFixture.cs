using CaseTracker.Client;
using CaseTracker.Server;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using CaseTracker.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace CaseTracker.Tests.Web;

/// <summary>
/// The real server on Kestrel (gRPC and HTTP/1.1 on loopback ports of their own, a fresh database) and, where
/// Debian's Chromium is installed, one headless browser for a test class. Each test opens its own browser contexts, so cookies never
/// cross between the members a test signs in.
/// </summary>
public sealed class WorkspaceFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));
    private readonly int _grpcPort = LoopbackPorts.Free();
    private readonly List<CaseTrackerClient> _clients = [];
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public int HttpPort { get; } = LoopbackPorts.Free();

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public IBrowser Browser { get; private set; } = default!;

    public WebApplication App => _app!;

    public async Task InitializeAsync()
    {
        _app = CaseTrackerApp.Build(
        [
            $"--Endpoints:Grpc=http://127.0.0.1:{_grpcPort}",
            $"--Endpoints:Http=http://127.0.0.1:{HttpPort}",
            $"--Storage:DataDirectory={_folder}",
            .. TestDatabase.Postgres is null ? Array.Empty<string>() : ["--Storage:Provider=Postgres", $"--Storage:ConnectionString={TestDatabase.ForDataDirectory(_folder)}"],
            "--Hangfire:Storage=InMemory",
            "--Hangfire:ServerEnabled=false",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        if (!File.Exists(ChromiumPath))
        {
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A client of the contract for setting up what a test needs, as the given member.</summary>
    public CaseTrackerClient ClientFor(Party party, Role role, string id)
    {
        var token = TokenIssuer.Mint(App.Services.GetRequiredService<TokenKeys>(), "casetracker", party, role, id, id, TimeSpan.FromHours(1), DateTime.UtcNow);
        var client = new CaseTrackerClient(new CaseTrackerClientOptions
        {
            Address = new Uri($"http://127.0.0.1:{_grpcPort}"),
            TokenProvider = _ => ValueTask.FromResult(token),
        });
        _clients.Add(client);
        return client;
    }

    /// <summary>A new browser context (its own cookies) at 1280×800, with a page open.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, Locale = "en-GB" });
        context.SetDefaultTimeout(60_000); // a page waits on a loaded 2-core machine too; a page that never answers still fails
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            TestDatabase.Drop(_folder);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover (or never made) temporary folder is harmless.
        }
    }
}

/// <summary>A browser test: skipped, saying why, only where Debian's Chromium is not installed (CI installs it).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(WorkspaceFixture.ChromiumPath))
        {
            Skip = $"Needs Chromium at {WorkspaceFixture.ChromiumPath}: apt-get install -y chromium (bash .ci/run installs it).";
        }
    }
}

/// <summary>A browser theory: skipped, saying how to install it, where Debian's Chromium is missing.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute()
    {
        if (!File.Exists(WorkspaceFixture.ChromiumPath))
        {
            Skip = $"Needs Chromium at {WorkspaceFixture.ChromiumPath}: apt-get install -y chromium (bash .ci/run installs it).";
        }
    }
}
