using CaseTracker.Server.Security;
using Microsoft.Extensions.Compliance.Redaction;

namespace CaseTracker.Server.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// Console logs a person reads (<c>simple</c>, one line each), or JSON lines for a collector with
    /// <c>Logging:Format=json</c>. Messages name cases by reference and callers by ID, never a subject's
    /// personal data; EF Core's parameter values stay out because sensitive data logging is never enabled.
    /// A second line catches what slips through: every value classified as personal data
    /// (<see cref="PersonalData"/>) is redacted in every log line, and neither an exception's message nor a
    /// contract message's fields reach one (<see cref="WithholdingLoggerFactory"/>).
    /// </summary>
    public static WebApplicationBuilder AddCaseTrackerLogging(this WebApplicationBuilder builder)
    {
        var format = StartupOptions.Bind<LogFormatOptions>(builder, LogFormatOptions.Section);
        builder.Logging.ClearProviders();
        if (format.IsJson)
        {
            builder.Logging.AddJsonConsole(json =>
            {
                json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                json.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(simple =>
            {
                simple.SingleLine = true;
                simple.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
                simple.UseUtcTimestamp = true;
            });
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.EnableRedaction();
        builder.Services.AddRedaction(redaction =>
        {
            redaction.SetRedactor<PersonalDataRedactor>(PersonalData.All);
            redaction.SetFallbackRedactor<PersonalDataRedactor>();
        });
        WithholdingLoggerFactory.Decorate(builder.Services);
        return builder;
    }
}
