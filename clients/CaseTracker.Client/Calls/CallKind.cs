using Google.Protobuf;
using Grpc.Core;

namespace CaseTracker.Client;

/// <summary>What a call does, which decides what may be retried after it may have reached the server.</summary>
internal enum CallKind
{
    /// <summary>Get, List and Wait methods, and the other reads named in <see cref="CallKinds"/>: they change nothing, so repeating them is always safe.</summary>
    Read,

    /// <summary>A change whose request carries a <c>request_id</c>: the server applies it once however often it arrives.</summary>
    ChangeWithRequestId,

    /// <summary>A change without a <c>request_id</c>: repeating it after it may have arrived could apply it twice.</summary>
    OtherChange,
}

/// <summary>Tells the <see cref="CallKind"/> of a call from its method and request.</summary>
internal static class CallKinds
{
    private static readonly string[] ReadPrefixes = ["Get", "List", "Wait"];

    /// <summary>The contract's reads whose names do not start with a read's prefix.</summary>
    private static readonly HashSet<string> OtherReads = ["FindPossibleDuplicates", "CountDeadlines"];

    public static CallKind Of(IMethod method, object request) =>
        request is IMessage message && message.Descriptor.FindFieldByName("request_id") is not null ? CallKind.ChangeWithRequestId
        : ReadPrefixes.Any(prefix => method.Name.StartsWith(prefix, StringComparison.Ordinal)) || OtherReads.Contains(method.Name) ? CallKind.Read
        : CallKind.OtherChange;
}
