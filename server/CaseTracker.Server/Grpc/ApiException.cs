using Grpc.Core;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// A refusal with a precise status and a stable reason. <see cref="ErrorInterceptor"/> turns it into a
/// <c>google.rpc.Status</c> with <c>ErrorInfo</c> (and <c>BadRequest</c> when there are field violations).
/// </summary>
public sealed class ApiException(
    StatusCode code,
    string reason,
    string message,
    IReadOnlyList<FieldViolation>? violations = null,
    IReadOnlyDictionary<string, string>? metadata = null) : Exception(message)
{
    public StatusCode Code { get; } = code;

    public string Reason { get; } = reason;

    public IReadOnlyList<FieldViolation> Violations { get; } = violations ?? [];

    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata ?? new Dictionary<string, string>();

    /// <summary>When set, the status carries a <c>google.rpc.RetryInfo</c> with this delay.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static ApiException InvalidRequest(IReadOnlyList<FieldViolation> violations) =>
        new(StatusCode.InvalidArgument, ErrorReasons.InvalidRequest,
            violations.Count == 1
                ? $"{violations[0].Field}: {violations[0].Description}"
                : $"{violations.Count} fields are invalid: {string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}"))}",
            violations);

    /// <summary>A request the contract's rules refuse whatever the state (INVALID_ARGUMENT), such as a filter that does not parse.</summary>
    public static ApiException BadInput(string reason, string message, params FieldViolation[] violations) =>
        new(StatusCode.InvalidArgument, reason, message, violations);

    public static ApiException EtagMismatch(string name) =>
        new(StatusCode.Aborted, ErrorReasons.EtagMismatch,
            "The case has changed since this etag was read; read it again and reapply the change.",
            metadata: new Dictionary<string, string> { ["name"] = name });

    public static ApiException PersonalDataWithheld() =>
        new(StatusCode.PermissionDenied, ErrorReasons.PersonalDataWithheld,
            "The subject's passport number and contact details are withheld from your party; they cannot be changed by it.");

    public static ApiException CaseNotFound(string name) =>
        new(StatusCode.NotFound, ErrorReasons.CaseNotFound, $"No case is named '{name}'.",
            metadata: new Dictionary<string, string> { ["name"] = name });
}

/// <summary>One bad field of a request, reported in <c>google.rpc.BadRequest</c>.</summary>
public sealed record FieldViolation(string Field, string Description);

/// <summary>
/// Every <c>ErrorInfo.reason</c> the service returns besides the case rules in
/// <see cref="Cases.CaseRuleReasons"/>. The README lists them all.
/// </summary>
public static class ErrorReasons
{
    public const string Domain = "casetracker.v1";

    public const string CredentialsMissing = "CREDENTIALS_MISSING";
    public const string CredentialsInvalid = "CREDENTIALS_INVALID";
    public const string CredentialsExpired = "CREDENTIALS_EXPIRED";
    public const string CertificateUnknown = "CERTIFICATE_UNKNOWN";
    public const string RoleNotAllowed = "ROLE_NOT_ALLOWED";
    public const string PersonalDataWithheld = "PERSONAL_DATA_WITHHELD";
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string InvalidFilter = "INVALID_FILTER";
    public const string InvalidOrderBy = "INVALID_ORDER_BY";
    public const string InvalidPageToken = "INVALID_PAGE_TOKEN";
    public const string RequestIdReused = "REQUEST_ID_REUSED";
    public const string CaseNotFound = "CASE_NOT_FOUND";
    public const string EtagMismatch = "ETAG_MISMATCH";
    public const string ConcurrentModification = "CONCURRENT_MODIFICATION";
    public const string StorageUnavailable = "STORAGE_UNAVAILABLE";
    public const string CommitOutcomeUnknown = "COMMIT_OUTCOME_UNKNOWN";
    public const string RateLimited = "RATE_LIMITED";
    public const string DeadlineExceeded = "DEADLINE_EXCEEDED";
    public const string StreamLimitReached = "STREAM_LIMIT_REACHED";
    public const string MessageTooLarge = "MESSAGE_TOO_LARGE";
    public const string ServerStopping = "SERVER_STOPPING";
    public const string ConsumerTooSlow = "CONSUMER_TOO_SLOW";
    public const string CheckpointMismatch = "CHECKPOINT_MISMATCH";
    public const string BadSignature = "BAD_SIGNATURE";
    public const string MalformedRequest = "MALFORMED_REQUEST";
    public const string Cancelled = "CANCELLED";
    public const string MonthNotEnded = "MONTH_NOT_ENDED";
    public const string ReviewNotFound = "REVIEW_NOT_FOUND";
    public const string ReviewNotReady = "REVIEW_NOT_READY";
    public const string ReviewFileNotFound = "REVIEW_FILE_NOT_FOUND";
    public const string ReviewBuildFailed = "REVIEW_BUILD_FAILED";
    public const string ManifestMismatch = "MANIFEST_MISMATCH";
    public const string OperationNotFound = "OPERATION_NOT_FOUND";
    public const string ImportIdReused = "IMPORT_ID_REUSED";
    public const string ReconciliationNotFound = "RECONCILIATION_NOT_FOUND";
    public const string RecordNotFound = "RECORD_NOT_FOUND";
    public const string NoCandidate = "NO_CANDIDATE";
    public const string DecisionUnchanged = "DECISION_UNCHANGED";
    public const string RecordInvalid = "RECORD_INVALID";
    public const string RecordAlreadyMatched = "RECORD_ALREADY_MATCHED";
    public const string NotReturnedHome = "NOT_RETURNED_HOME";
    public const string ImportQuotaExhausted = "IMPORT_QUOTA_EXHAUSTED";
    public const string SnapshotOutOfOrder = "SNAPSHOT_OUT_OF_ORDER";
    public const string PreviousSnapshotIncomplete = "PREVIOUS_SNAPSHOT_INCOMPLETE";
    public const string Internal = "INTERNAL_ERROR";
    public const string DocumentNotVisible = "DOCUMENT_NOT_VISIBLE";
    public const string DocumentNotFound = "DOCUMENT_NOT_FOUND";
    public const string DocumentTooLarge = "DOCUMENT_TOO_LARGE";
    public const string CaseDocumentsFull = "CASE_DOCUMENTS_FULL";
    public const string MediaTypeNotAllowed = "MEDIA_TYPE_NOT_ALLOWED";
    public const string Sha256Mismatch = "SHA256_MISMATCH";
    public const string UploadIncomplete = "UPLOAD_INCOMPLETE";
    public const string UploadOffsetMismatch = "UPLOAD_OFFSET_MISMATCH";
    public const string UploadIdReused = "UPLOAD_ID_REUSED";
    public const string UploadInProgress = "UPLOAD_IN_PROGRESS";
    public const string DocumentAlreadyShared = "DOCUMENT_ALREADY_SHARED";
    public const string DocumentSealed = "DOCUMENT_SEALED";
    public const string DocumentWithdrawn = "DOCUMENT_WITHDRAWN";
    public const string DocumentNotWithdrawn = "DOCUMENT_NOT_WITHDRAWN";
    public const string DocumentPurged = "DOCUMENT_PURGED";
    public const string PurgeAlreadyApproved = "PURGE_ALREADY_APPROVED";
    public const string DocumentContentDamaged = "DOCUMENT_CONTENT_DAMAGED";
    public const string MemberNotFound = "MEMBER_NOT_FOUND";
    public const string MemberExists = "MEMBER_EXISTS";
    public const string NotificationNotFound = "NOTIFICATION_NOT_FOUND";
}
