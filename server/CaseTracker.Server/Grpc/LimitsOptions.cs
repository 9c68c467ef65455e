using System.ComponentModel.DataAnnotations;

namespace CaseTracker.Server.Grpc;

/// <summary>What one call, one stream and one caller may use. Bound from the <c>Limits</c> section.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request message accepted; larger is RESOURCE_EXHAUSTED.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxReceiveMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest response message sent.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxSendMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most items one page of a list holds; a larger <c>page_size</c> is capped to it.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 500;

    /// <summary>The longest a call may run on the server, whatever deadline the client set (or none).</summary>
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a server stream may stay open before it ends (the client resumes where it was).</summary>
    public TimeSpan MaxStreamDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most messages one server stream sends before it ends (the client resumes where it was).</summary>
    [Range(1, int.MaxValue)]
    public int MaxStreamMessages { get; set; } = 1_000_000;

    /// <summary>How long one message of a server stream may wait for a consumer that does not read before the stream is cut off.</summary>
    public TimeSpan StreamWriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls per second each caller may sustain (token bucket refill).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 200;

    /// <summary>Calls a caller may make at once above the sustained rate (token bucket size).</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 400;
}
