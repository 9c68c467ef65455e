using Google.Protobuf;
using Grpc.Core;
using ErrorInfo = Google.Rpc.ErrorInfo;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// A request whose bytes are not a valid protobuf message fails inside grpc-dotnet, before any interceptor
/// runs, and would reach the client as UNKNOWN. This rewrites exactly that answer — recognised by the
/// parser's exception in the detailed status — into INVALID_ARGUMENT with reason MALFORMED_REQUEST, before the
/// response headers leave.
/// </summary>
public sealed class MalformedRequestMiddleware(RequestDelegate next)
{
    private const string StatusHeader = "grpc-status";
    private const string MessageHeader = "grpc-message";
    private const string DetailsHeader = "grpc-status-details-bin";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            context.Response.OnStarting(static state =>
            {
                Rewrite(((HttpContext)state).Response);
                return Task.CompletedTask;
            }, context);
        }
        return next(context);
    }

    private static void Rewrite(HttpResponse response)
    {
        if (response.Headers[StatusHeader] != ((int)StatusCode.Unknown).ToString(System.Globalization.CultureInfo.InvariantCulture)
            || !response.Headers[MessageHeader].ToString().Contains("InvalidProtocolBufferException", StringComparison.Ordinal))
        {
            return;
        }
        const string message = "The request is not a valid protobuf encoding of the method's request message.";
        var status = new Google.Rpc.Status
        {
            Code = (int)StatusCode.InvalidArgument,
            Message = message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(new ErrorInfo { Reason = ErrorReasons.MalformedRequest, Domain = ErrorReasons.Domain }) },
        };
        response.Headers[StatusHeader] = ((int)StatusCode.InvalidArgument).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[MessageHeader] = Uri.EscapeDataString(message);
        response.Headers[DetailsHeader] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
    }
}
