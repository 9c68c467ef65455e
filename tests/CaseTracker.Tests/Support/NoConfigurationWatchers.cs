using System.Runtime.CompilerServices;

namespace CaseTracker.Tests.Support;

/// <summary>
/// The suite starts hundreds of hosts; each would watch appsettings.json for changes with an inotify instance of
/// its own, and the machine allows 128 per user. No test changes a settings file, so none is watched.
/// </summary>
internal static class NoConfigurationWatchers
{
    [ModuleInitializer]
    internal static void Initialize() => Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}
