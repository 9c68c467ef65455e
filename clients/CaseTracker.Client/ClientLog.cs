using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CaseTracker.Client;

/// <summary>What the client logs: which method, which status and reason, how long it waits. Never a request's or a response's contents.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 1, EventName = "CallRetrying", Level = LogLevel.Warning,
        Message = "{Method} failed with {Status} ({Reason}); retry {Retry} in {Wait}")]
    public static partial void Retrying(ILogger logger, string method, StatusCode status, string? reason, int retry, TimeSpan wait);

    [LoggerMessage(EventId = 2, EventName = "WatchReconnecting", Level = LogLevel.Warning,
        Message = "The change feed broke with {Status} ({Reason}) after sequence {Position}; reconnect {Attempt} in {Wait}")]
    public static partial void Reconnecting(ILogger logger, StatusCode status, string? reason, long position, int attempt, TimeSpan wait);

    [LoggerMessage(EventId = 3, EventName = "ImportResuming", Level = LogLevel.Warning,
        Message = "The import {ImportId} broke with {Status} ({Reason}); the server holds {Stored} records; resuming in {Wait}")]
    public static partial void ImportResuming(ILogger logger, string importId, StatusCode status, string? reason, long stored, TimeSpan wait);
}
