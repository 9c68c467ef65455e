using System.Text.Json.Serialization;
using CaseTracker.Client.Audit;

namespace CaseTracker.Cli;

/// <summary>
/// The plain (not protobuf) JSON the command line reads and writes, generated at build time so that nothing is
/// serialized by reflection: the config file and the answers of login, whoami and verify-log.
/// </summary>
[JsonSerializable(typeof(CliLogin))]
[JsonSerializable(typeof(LoginAnswer))]
[JsonSerializable(typeof(WhoAmIAnswer))]
[JsonSerializable(typeof(LogVerification))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

/// <summary>What <c>login --json</c> prints.</summary>
internal sealed record LoginAnswer([property: JsonPropertyName("server")] string Server, string Party, string Role, string Id);

/// <summary>What <c>whoami --json</c> prints.</summary>
internal sealed record WhoAmIAnswer([property: JsonPropertyName("server")] string Server, string Party, string Role, string Id, DateTime Expires);
