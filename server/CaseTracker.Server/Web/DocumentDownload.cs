using CaseTracker.Client;
using CaseTracker.Server.Web.Session;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace CaseTracker.Server.Web;

/// <summary>
/// A case document's content, passed through the client library's <c>DownloadDocumentAsync</c> with the member's
/// own token: the API decides who may read it and records the download in the case's custody chain.
/// </summary>
public static class WorkspaceDocumentDownload
{
    public const string Pattern = "/cases/{caseId}/documents/{documentId}/content";

    public static RouteHandlerBuilder MapDocumentContent(this WebApplication app) =>
        app.MapGet(Pattern, SendAsync).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = WebMember.Scheme });

    public static string PathOf(string documentName) => "/" + documentName + "/content";

    private static async Task SendAsync(HttpContext http, string caseId, string documentId, WorkspaceApi workspace)
    {
        var name = $"cases/{caseId}/documents/{documentId}";
        try
        {
            var document = await workspace.Client.Documents.GetDocumentAsync(new V1.GetDocumentRequest { Name = name }, cancellationToken: http.RequestAborted);
            using var content = new MemoryStream();
            await workspace.Client.DownloadDocumentAsync(name, content, cancellationToken: http.RequestAborted);
            http.Response.ContentType = document.MediaType.Length > 0 ? document.MediaType : "application/octet-stream";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
            http.Response.Headers.ContentDisposition = "attachment; filename=\"" + documentId + "\"";
            content.Position = 0;
            await content.CopyToAsync(http.Response.Body, http.RequestAborted);
        }
        catch (CaseTrackerException refused)
        {
            http.Response.StatusCode = refused.StatusCode switch
            {
                StatusCode.NotFound => StatusCodes.Status404NotFound,
                StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
                StatusCode.FailedPrecondition => StatusCodes.Status409Conflict,
                _ => StatusCodes.Status502BadGateway,
            };
            await http.Response.WriteAsync($"{refused.Reason}: {refused.Status.Detail}", http.RequestAborted);
        }
    }
}
