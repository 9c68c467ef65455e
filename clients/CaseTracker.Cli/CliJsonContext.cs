using System.Text.Json.Serialization;
using CaseTracker.Client.Audit;

namespace CaseTracker.Cli;

/// <summary>
/// The plain (not protobuf) JSON the command line reads and writes, generated at build time so that nothing is
/// serialized by reflection: the config file and the answers of login, whoami and verify-log. Keys are camelCase,
/// as in the contract's JSON; a config file written with the earlier PascalCase keys still reads.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CliLogin))]
[JsonSerializable(typeof(LoginAnswer))]
[JsonSerializable(typeof(WhoAmIAnswer))]
[JsonSerializable(typeof(LogVerification))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>What <c>login --json</c> prints.</summary>
internal sealed record LoginAnswer(string Server, string Party, string Role, string Id);

/// <summary>What <c>whoami --json</c> prints.</summary>
internal sealed record WhoAmIAnswer(string Server, string Party, string Role, string Id, DateTime Expires);
