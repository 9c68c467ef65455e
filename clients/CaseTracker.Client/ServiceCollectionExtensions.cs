using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CaseTracker.Client;

/// <summary>Registers <see cref="CaseTrackerClient"/> with dependency injection.</summary>
/// <remarks>
/// The client is one shared singleton. Unless the options set a <see cref="CaseTrackerClientOptions.TokenProvider"/>,
/// a <see cref="ICaseTrackerTokenProvider"/> registered in the container supplies the tokens (so it can use other
/// services, such as an identity provider's client); the container's <see cref="ILoggerFactory"/>, if any, receives
/// the client's retry and reconnect events.
/// </remarks>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds one shared <see cref="CaseTrackerClient"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the address and the credentials.</param>
    public static IServiceCollection AddCaseTrackerClient(this IServiceCollection services, Action<CaseTrackerClientOptions> configure)
    {
        services.AddOptions<CaseTrackerClientOptions>().Configure(configure);
        return services.AddCaseTrackerClientCore();
    }

    /// <summary>
    /// Adds one shared <see cref="CaseTrackerClient"/> whose options are bound from <paramref name="configuration"/>
    /// (for example the <c>CaseTracker</c> section: <c>Address</c>, <c>DefaultDeadline</c>, <c>AttemptTimeout</c>,
    /// <c>MaxRetries</c>, <c>InitialBackoff</c>, <c>MaxBackoff</c>, <c>ImportGiveUpAfter</c>), then by <paramref name="configure"/> if given.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding the options.</param>
    /// <param name="configure">Sets what configuration cannot hold, such as a client certificate.</param>
    public static IServiceCollection AddCaseTrackerClient(this IServiceCollection services, IConfiguration configuration, Action<CaseTrackerClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = services.AddOptions<CaseTrackerClientOptions>().Bind(configuration);
        if (configure is not null)
        {
            options.Configure(configure);
        }
        return services.AddCaseTrackerClientCore();
    }

    private static IServiceCollection AddCaseTrackerClientCore(this IServiceCollection services)
    {
        services.AddOptions<CaseTrackerClientOptions>().PostConfigure<IServiceProvider>((options, provider) =>
        {
            if (options.TokenProvider is null && provider.GetService<ICaseTrackerTokenProvider>() is { } tokens)
            {
                options.TokenProvider = tokens.GetTokenAsync;
            }
            options.LoggerFactory ??= provider.GetService<ILoggerFactory>();
        });
        services.TryAddSingleton(provider => new CaseTrackerClient(provider.GetRequiredService<IOptions<CaseTrackerClientOptions>>().Value));
        return services;
    }
}

/// <summary>Supplies the bearer tokens of a <see cref="CaseTrackerClient"/> registered with dependency injection, resolved from the container.</summary>
public interface ICaseTrackerTokenProvider
{
    /// <summary>Returns the current bearer token; asked before every attempt of every call, so it can renew the token when it nears its expiry.</summary>
    /// <param name="cancellationToken">The call's cancellation.</param>
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}
