using CaseTracker.Client;
using CaseTracker.Server.Cases;
using CaseTracker.Server.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CaseTracker.Tests.Support;

/// <summary>
/// The real server, in memory, on a fresh database: SQLite in its own temporary folder, or — when
/// <c>CASETRACKER_TEST_POSTGRES</c> holds a PostgreSQL connection string — a database of its own on that
/// server (see <see cref="TestDatabase"/>). Calls go through a real gRPC channel with real bearer tokens
/// signed by the host's development keys.
/// </summary>
public sealed class CaseTrackerHost : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private readonly List<CaseTrackerClient> _clients = [];

    private readonly FakeTimeProvider? _clock;
    private readonly Dictionary<string, string> _settings;

    public CaseTrackerHost()
        : this(NewDataDirectory(), ownsDataDirectory: true, clock: null, settings: null)
    {
    }

    private CaseTrackerHost(string dataDirectory, bool ownsDataDirectory, FakeTimeProvider? clock, IReadOnlyDictionary<string, string>? settings)
    {
        _dataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _clock = clock;
        _settings = settings?.ToDictionary() ?? [];
    }

    /// <summary>A host whose clock the test moves, with extra configuration.</summary>
    public static CaseTrackerHost WithClock(FakeTimeProvider clock, IReadOnlyDictionary<string, string>? settings = null) =>
        new(NewDataDirectory(), ownsDataDirectory: true, clock, settings);

    /// <summary>A host with extra configuration.</summary>
    public static CaseTrackerHost WithSettings(IReadOnlyDictionary<string, string> settings) =>
        new(NewDataDirectory(), ownsDataDirectory: true, clock: null, settings);

    private static string NewDataDirectory() => Path.Combine(Path.GetTempPath(), "casetracker-tests", Guid.NewGuid().ToString("N"));

    public string DataDirectory => _dataDirectory;

    /// <summary>Every log line the host writes, at every level.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>A host on an existing data directory, as after a restart; the directory is left in place.</summary>
    public static CaseTrackerHost OnDataDirectory(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null, FakeTimeProvider? clock = null) =>
        new(dataDirectory, ownsDataDirectory: false, clock, settings);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", _dataDirectory);
        if (TestDatabase.Postgres is not null)
        {
            builder.UseSetting("Storage:Provider", "Postgres");
            builder.UseSetting("Storage:ConnectionString", TestDatabase.ForDataDirectory(_dataDirectory));
        }
        // Jobs are called directly by the tests that need them, with a fake clock; Hangfire keeps static
        // state, so hosts running in parallel must not each run a Hangfire server.
        builder.UseSetting("Hangfire:Storage", "InMemory");
        builder.UseSetting("Hangfire:ServerEnabled", "false");
        builder.UseSetting("Endpoints:DashboardOnHttpEndpointOnly", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
        });
        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
        }
        builder.UseEnvironment("Testing");
    }

    public string TokenFor(Party party, Role role, string id, TimeSpan? lifetime = null, DateTime? issuedAt = null) =>
        TokenIssuer.Mint(Services.GetRequiredService<TokenKeys>(), "casetracker", party, role, id, id,
            lifetime ?? (_clock is null ? TimeSpan.FromHours(1) : TimeSpan.FromDays(400)), issuedAt ?? (_clock?.GetUtcNow().UtcDateTime ?? DateTime.UtcNow));

    public CaseTrackerClient ClientFor(Party party, Role role, string? id = null)
    {
        var token = TokenFor(party, role, id ?? $"{party}-{role}".ToLowerInvariant());
        return ClientWithToken(token);
    }

    public CaseTrackerClient ClientWithToken(string token)
    {
        var client = CaseTrackerClient.Create(Server.BaseAddress, () => token, Server.CreateHandler());
        _clients.Add(client);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        if (_ownsDataDirectory)
        {
            TestDatabase.Drop(_dataDirectory);
        }
        try
        {
            if (_ownsDataDirectory)
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
