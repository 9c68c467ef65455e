namespace CaseTracker.Server.Operations;

/// <summary>
/// One piece of long work (a monthly review, a list reconciliation) as the record keeps it: what it works on,
/// its latest progress, and how it ended. Its response is read from the target when asked for, so it is
/// always the target's current state.
/// </summary>
public sealed class OperationRecord
{
    private OperationRecord()
    {
        Name = Kind = Target = ErrorReason = ErrorMessage = string.Empty;
        Metadata = [];
    }

    public OperationRecord(string name, string kind, string target, byte[] metadata, DateTime now)
    {
        Name = name;
        Kind = kind;
        Target = target;
        Metadata = metadata;
        ErrorReason = ErrorMessage = string.Empty;
        CreateTime = UpdateTime = now;
    }

    /// <summary><c>operations/{id}</c>.</summary>
    public string Name { get; private set; }

    /// <summary>What kind of work: <see cref="OperationKinds"/>.</summary>
    public string Kind { get; private set; }

    /// <summary>The resource the work produces, for example <c>reviews/2026-10</c>.</summary>
    public string Target { get; private set; }

    /// <summary>The progress message, packed in a <c>google.protobuf.Any</c> and serialised.</summary>
    public byte[] Metadata { get; private set; }

    public bool Done { get; private set; }

    /// <summary>The gRPC status code of a failure; null while running and on success.</summary>
    public int? ErrorCode { get; private set; }

    public string ErrorReason { get; private set; }

    public string ErrorMessage { get; private set; }

    public DateTime CreateTime { get; private set; }

    public DateTime UpdateTime { get; private set; }

    public void Report(byte[] metadata, DateTime now)
    {
        Metadata = metadata;
        UpdateTime = now;
    }

    public void Succeed(byte[] metadata, DateTime now)
    {
        Report(metadata, now);
        Done = true;
    }

    /// <summary>Ends the operation with an error; <paramref name="code"/> is a <c>google.rpc.Code</c>.</summary>
    public void Fail(Google.Rpc.Code code, string reason, string message, DateTime now)
    {
        Done = true;
        ErrorCode = (int)code;
        ErrorReason = reason;
        ErrorMessage = message;
        UpdateTime = now;
    }
}

/// <summary>The kinds of long work.</summary>
public static class OperationKinds
{
    public const string MonthlyReview = "MonthlyReview";

    public const string Reconciliation = "Reconciliation";
}
