using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CaseTracker.Client;

/// <summary>Registers <see cref="CaseTrackerClient"/> with dependency injection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Adds one shared <see cref="CaseTrackerClient"/>, configured by <paramref name="configure"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the address and the credentials.</param>
    public static IServiceCollection AddCaseTrackerClient(this IServiceCollection services, Action<CaseTrackerClientOptions> configure)
    {
        services.AddOptions<CaseTrackerClientOptions>().Configure(configure);
        services.AddSingleton(provider => new CaseTrackerClient(provider.GetRequiredService<IOptions<CaseTrackerClientOptions>>().Value));
        return services;
    }
}
