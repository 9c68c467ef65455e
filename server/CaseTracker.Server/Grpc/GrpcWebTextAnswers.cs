namespace CaseTracker.Server.Grpc;

/// <summary>
/// Answers a gRPC-Web request sent in text mode (<c>application/grpc-web-text</c>, base64) in text mode too.
/// grpc-dotnet chooses the answer's encoding from the <c>accept</c> header alone and answers binary when it names no
/// gRPC-Web type — no header, or a browser fetch's <c>*/*</c> — which a client that sent base64 cannot read. Runs
/// before gRPC-Web is turned into gRPC; an <c>accept</c> that names a gRPC-Web type is left as the client sent it.
/// </summary>
public sealed class GrpcWebTextAnswers(RequestDelegate next)
{
    private const string GrpcWeb = "application/grpc-web";
    private const string GrpcWebText = "application/grpc-web-text";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method)
            && request.ContentType?.StartsWith(GrpcWebText, StringComparison.OrdinalIgnoreCase) == true
            && !request.Headers.Accept.Any(accept => accept?.Contains(GrpcWeb, StringComparison.OrdinalIgnoreCase) == true))
        {
            request.Headers.Accept = GrpcWebText;
        }
        return next(context);
    }
}
