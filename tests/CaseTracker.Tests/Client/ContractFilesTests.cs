using System.IO.Compression;
using System.Text.RegularExpressions;
using CaseTracker.Tests.Support;

namespace CaseTracker.Tests.Client;

/// <summary>
/// An integrator in another language compiles the whole contract from <c>protos/</c> alone: the service files, what
/// they import, the error details the statuses carry (ErrorInfo, BadRequest, RetryInfo, PreconditionFailure) and the
/// health service; the client package carries the same files.
/// </summary>
public sealed class ContractFilesTests
{
    private static readonly string Protos = Path.Combine(RepositoryPaths.Root, "protos");

    private static IEnumerable<string> ProtoFiles() =>
        Directory.EnumerateFiles(Protos, "*.proto", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(Protos, file).Replace('\\', '/'));

    [Fact]
    public async Task EveryProtoFile_CompilesWithProtosAsTheOnlyImportPath()
    {
        var output = Path.Combine(Path.GetTempPath(), "casetracker-tests", "protoset-" + Guid.NewGuid().ToString("N"));
        // protoc's own well-known types (google/protobuf/*) come with every protoc; nothing else may be needed.
        var (protoc, wellKnownTypes) = Protoc();
        await ProcessRunner.RunToSuccessAsync(protoc, ["-I", ".", "-I", wellKnownTypes, "--descriptor_set_out=" + output, .. ProtoFiles()], Protos);
        Assert.Contains("google/rpc/error_details.proto", ProtoFiles());
        Assert.Contains("grpc/health/v1/health.proto", ProtoFiles());
        File.Delete(output);
    }

    [Fact]
    public void VendoredErrorDetails_DefineTheDetailsTheServerSends()
    {
        var text = File.ReadAllText(Path.Combine(Protos, "google", "rpc", "error_details.proto"));

        Assert.All(new[] { "ErrorInfo", "BadRequest", "RetryInfo", "PreconditionFailure" }, name => Assert.Contains($"message {name} {{", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ClientPackage_CarriesEveryProtoFile()
    {
        var feed = Path.Combine(Path.GetTempPath(), "casetracker-tests", "pack-" + Guid.NewGuid().ToString("N"));
        await ProcessRunner.RunToSuccessAsync("dotnet", ["pack", RepositoryPaths.ClientLibrary, "-c", RepositoryPaths.Configuration, "--no-build", "-o", feed]);

        using var package = ZipFile.OpenRead(Directory.GetFiles(feed, "CaseTracker.Client.*.nupkg").Single(file => !file.EndsWith(".snupkg", StringComparison.Ordinal)));
        var entries = package.Entries.Select(entry => entry.FullName).ToHashSet();

        Assert.All(ProtoFiles(), file => Assert.Contains("protos/" + file, entries));
        Directory.Delete(feed, recursive: true);
    }

    /// <summary>Grpc.Tools' protoc and the well-known types that come with it.</summary>
    private static (string Protoc, string WellKnownTypes) Protoc()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"));
        var version = Regex.Match(props, "\"Grpc.Tools\" Version=\"([^\"]+)\"").Groups[1].Value;
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var package = Path.Combine(cache, "grpc.tools", version);
        return (Path.Combine(package, "tools", "linux_x64", "protoc"), Path.Combine(package, "build", "native", "include"));
    }
}
