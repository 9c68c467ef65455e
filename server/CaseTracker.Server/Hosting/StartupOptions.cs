using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Binds a settings section to its options class for the services and validates it at once, so that a bad value
/// stops the server with a message naming its full key (<c>Auth:Ministries:0:Party: ...</c>); gives the bound
/// value to the settings needed while the host is still being built (listeners, Hangfire's server, message sizes).
/// </summary>
public static class StartupOptions
{
    public static TOptions Bind<TOptions>(WebApplicationBuilder builder, string section)
        where TOptions : class, new()
    {
        builder.Services.AddOptions<TOptions>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(section, typeof(TOptions),
                results.Select(r => $"{section}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        }
        return options;
    }
}
