using System.Text.Json;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Client;

/// <summary>
/// The packed package, as a ministry gets it: a .NET 8 console restores it from a folder, builds against its
/// net8.0 assembly and runs (on the runtime at hand), and a failed call there is a CaseTrackerException.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "casetracker-tests", "package-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task PackedPackage_BuildsAndRunsInANet8Console()
    {
        var feed = Path.Combine(_folder, "feed");
        var consumer = Path.Combine(_folder, "consumer");
        Directory.CreateDirectory(consumer);
        await ProcessRunner.RunToSuccessAsync("dotnet", ["pack", RepositoryPaths.ClientLibrary, "-c", RepositoryPaths.Configuration, "--no-build", "-o", feed], RepositoryPaths.Root);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // The package from its folder, its dependencies from the machine's package cache (laid out as a local feed), restored apart.
        await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{Path.Combine(_folder, "packages")}</RestorePackagesPath>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <!-- No apphost: run with dotnet, so nothing beyond the cache is needed (the net8.0 reference pack is there since the library targets net8.0). -->
                <UseAppHost>false</UseAppHost>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="CaseTracker.Client" Version="1.0.0" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
            using CaseTracker.Client;
            using CaseTracker.V1;

            using var client = new CaseTrackerClient(new CaseTrackerClientOptions
            {
                Address = new Uri("http://127.0.0.1:9"), // nothing listens there
                TokenProvider = _ => ValueTask.FromResult("token"),
                // Long enough for a first call's start-up on a loaded machine: refused attempts end Unavailable at the deadline.
                DefaultDeadline = TimeSpan.FromSeconds(5),
            });
            try
            {
                await client.Cases.ListCasesAsync(new ListCasesRequest());
            }
            catch (CaseTrackerException error)
            {
                Console.WriteLine($"net8 consumer: {error.StatusCode} on {Environment.Version}");
            }
            """);
        // An empty Directory.Build.props and Directory.Packages.props keep the repository's own settings out of the consumer.
        await File.WriteAllTextAsync(Path.Combine(consumer, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(consumer, "Directory.Packages.props"), "<Project />");

        await ProcessRunner.RunToSuccessAsync("dotnet", ["build", "-c", "Release"], consumer);
        var output = await ProcessRunner.RunToSuccessAsync("dotnet", ["bin/Release/net8.0/Consumer.dll"], consumer, ("DOTNET_ROLL_FORWARD", "Major"));

        Assert.Contains("net8 consumer: Unavailable", output, StringComparison.Ordinal);
        using var assets = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(consumer, "obj", "project.assets.json")));
        var library = assets.RootElement.GetProperty("targets").GetProperty("net8.0").GetProperty("CaseTracker.Client/1.0.0").GetProperty("compile");
        Assert.Contains(library.EnumerateObject(), file => file.Name == "lib/net8.0/CaseTracker.Client.dll");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
