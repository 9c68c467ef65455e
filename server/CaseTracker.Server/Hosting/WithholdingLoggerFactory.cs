using CaseTracker.Server.Security;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CaseTracker.Server.Hosting;

/// <summary>
/// Wraps the logger factory so that two kinds of value that may carry a subject's personal data, and are not
/// classified, never reach a log line whole. An exception shows as its type and stack trace only: its message,
/// and its inner exceptions' messages, are free text anyone may have written a passport number or an address
/// into, here or in a library. A contract message (a request, a case) logged as a value shows as its type only:
/// its text would be the JSON of every field, the subject's included. And a gRPC status detail logged by grpc-dotnet
/// (its <c>Detail</c> value: every refused call's is logged) shows as withheld: it is written for the caller and may
/// quote the caller's own words back to it, a filter naming a person among them.
/// </summary>
public sealed class WithholdingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    /// <summary>Replaces the registered logger factory (the redacting one) with itself around it.</summary>
    public static void Decorate(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(ILoggerFactory));
        var type = registered.ImplementationType
            ?? throw new InvalidOperationException("The logger factory is expected to be registered by its type.");
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider =>
            new WithholdingLoggerFactory((ILoggerFactory)ActivatorUtilities.CreateInstance(provider, type))));
    }

    public ILogger CreateLogger(string categoryName) =>
        new WithholdingLogger(inner.CreateLogger(categoryName), withholdsDetail: categoryName.StartsWith("Grpc.", StringComparison.Ordinal));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class WithholdingLogger(ILogger inner, bool withholdsDetail) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var logged = exception is null or LoggedException ? exception : new LoggedException(exception);
            // A generated [LoggerMessage]'s state is left to the redacting logger, which redacts its classified values.
            if (state is not LoggerMessageState && state is IReadOnlyList<KeyValuePair<string, object?>> { Count: > 0 } values
                && values[^1] is { Key: "{OriginalFormat}", Value: string template }
                && values.Any(Withholds))
            {
                // Formatted again from its template, with each contract message replaced by its type and a status detail withheld.
                inner.Log(logLevel, eventId, logged, template, [.. values.Take(values.Count - 1).Select(v =>
                    v.Value is IMessage m ? Withheld(m) : Withholds(v) ? PersonalDataRedactor.Text : v.Value)]);
                return;
            }
            inner.Log(logLevel, eventId, state, logged, formatter);
        }

        private bool Withholds(KeyValuePair<string, object?> value) => value.Value is IMessage || (withholdsDetail && value.Key == "Detail");

        private static string Withheld(IMessage message) => $"{message.Descriptor.FullName} {PersonalDataRedactor.Text}";
    }
}

/// <summary>
/// An exception as a log line shows it: the original's type and stack trace, its message withheld, and the same
/// for its inner exceptions. What an operator needs to tell one failure from another stays: a database error's
/// SQLSTATE or SQLite error code (not its text, which may quote a row's values), a socket error's code, and the message of
/// the few exception types whose message the runtime writes without any value of ours.
/// </summary>
public sealed class LoggedException : Exception
{
    private const string Withheld = "[message withheld: it may hold personal data]";

    private readonly string _type;
    private readonly string _summary;
    private readonly string? _stackTrace;

    public LoggedException(Exception original)
        : this(original, SummaryOf(original))
    {
    }

    private LoggedException(Exception original, string summary)
        : base($"{original.GetType().FullName}: {summary}", original.InnerException is { } inner ? new LoggedException(inner) : null)
    {
        _type = original.GetType().FullName ?? original.GetType().Name;
        _summary = summary;
        _stackTrace = original.StackTrace;
        HResult = original.HResult;
    }

    /// <summary>The full name of the original exception's type.</summary>
    public string OriginalType => _type;

    public override string? StackTrace => _stackTrace;

    public override string ToString()
    {
        var inner = InnerException is null ? string.Empty : $" ---> {InnerException}{Environment.NewLine}   --- End of inner exception stack trace ---";
        return $"{_type}: {_summary}{inner}{(_stackTrace is null ? string.Empty : Environment.NewLine + _stackTrace)}";
    }

    private static string SummaryOf(Exception original) => original switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => $"{Withheld} (SQLite error {sqlite.SqliteErrorCode}, extended {sqlite.SqliteExtendedErrorCode})",
        System.Data.Common.DbException db => $"{Withheld} (SQLSTATE {db.SqlState ?? "none"}, code {db.ErrorCode})",
        System.Net.Sockets.SocketException socket => $"{Withheld} (socket error {socket.SocketErrorCode})",
        OperationCanceledException or TimeoutException or OutOfMemoryException => original.Message,
        _ => Withheld,
    };
}
