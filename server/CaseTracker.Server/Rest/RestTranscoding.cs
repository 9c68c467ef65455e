using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;

namespace CaseTracker.Server.Rest;

/// <summary>
/// REST/JSON beside gRPC: every unary method of the contract answers at the route of its <c>google.api.http</c>
/// rule (<c>GET /v1/{name=cases/*}</c>, <c>POST /v1/{name=cases/*}:startInvestigation</c>, …) through the same
/// interceptors, so the same permissions, limits and errors apply. An error is the <c>google.rpc.Status</c> of
/// the gRPC call as JSON, its details (ErrorInfo, BadRequest, RetryInfo, PreconditionFailure) readable because
/// their types are in the registry (as are the contract's messages an operation holds); without it they would not serialize. Server
/// streams answer a GET with their messages as newline-delimited JSON (one message a line, unindented whatever
/// <see cref="GrpcJsonSettings.WriteIndented"/> says), each sent as it is written. Client streams (ImportPersonList, UploadDocument) are not transcoded: they stay gRPC-only.
/// </summary>
public static class RestTranscoding
{
    /// <summary>
    /// The types an <c>Any</c> of this server holds: the detail types of a <c>google.rpc.Status</c>, and every
    /// message of the contract (an operation's metadata and response are contract messages).
    /// </summary>
    public static TypeRegistry AnyTypes { get; } = TypeRegistry.FromFiles(
        [ErrorDetailsReflection.Descriptor, .. ContractFiles()]);

    private static IEnumerable<FileDescriptor> ContractFiles() =>
        typeof(CaseTracker.V1.Case).Assembly.GetTypes()
            .Where(type => type.Namespace == "CaseTracker.V1" && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => (FileDescriptor)type.GetProperty("Descriptor")!.GetValue(null)!);

    /// <summary>
    /// Whether a call came over REST/JSON. Its context and stream writer differ from gRPC's: setting write options
    /// on them throws, and each message written is flushed at once.
    /// </summary>
    public static bool IsTranscoded(ServerCallContext context) =>
        context.GetHttpContext().GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not null;

    public static IGrpcServerBuilder AddCaseTrackerRest(this IGrpcServerBuilder grpc) =>
        grpc.AddJsonTranscoding(options =>
        {
            options.TypeRegistry = AnyTypes;
            // Canonical proto3 JSON, as `buf curl` prints it: default values left out, enums by name.
            options.JsonSettings = new GrpcJsonSettings { IgnoreDefaultValues = true, WriteIndented = true };
        });
}
