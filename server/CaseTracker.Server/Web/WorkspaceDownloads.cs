using CaseTracker.Client;
using CaseTracker.Server.Web.Session;
using CaseTracker.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace CaseTracker.Server.Web;

/// <summary>
/// Files the workspace hands to the browser, each passed through the client library with the member's own token,
/// so the API decides who may read it (and records a document's download in the case's custody chain): a monthly
/// review's files (the report shown inline, sandboxed: no script, nothing fetched) and a case document's content.
/// </summary>
public static class WorkspaceDownloads
{
    public const string ReviewFilePattern = "/reviews/{month}/files/{file}";
    public const string DocumentPattern = "/cases/{caseId}/documents/{documentId}/content";

    public static RouteGroupBuilder MapWorkspaceDownloads(this WebApplication app)
    {
        var group = app.MapGroup(string.Empty).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = WebMember.Scheme });
        group.MapGet(ReviewFilePattern, SendReviewFileAsync);
        group.MapGet(DocumentPattern, SendDocumentAsync);
        return group;
    }

    public static string ReviewFilePath(string month, string file, bool inline = false) =>
        $"/reviews/{Uri.EscapeDataString(month)}/files/{Uri.EscapeDataString(file)}" + (inline ? "?inline=true" : string.Empty);

    public static string DocumentPath(string documentName) => "/" + documentName + "/content";

    private static Task SendReviewFileAsync(HttpContext http, string month, string file, bool? inline, WorkspaceApi workspace) =>
        RefusalsShownAsync(http, async () =>
        {
            var name = $"reviews/{month}";
            var review = await workspace.Client.Reviews.GetMonthlyReviewAsync(new GetMonthlyReviewRequest { Name = name }, cancellationToken: http.RequestAborted);
            if (review.Files.FirstOrDefault(f => f.FileName == file) is not { } described)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            using var call = workspace.Client.Reviews.DownloadMonthlyReview(new DownloadMonthlyReviewRequest { Name = name, FileName = file }, cancellationToken: http.RequestAborted);
            Describe(http, described.MediaType, inline == true ? "inline" : $"attachment; filename=\"{file}\"");
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(http.RequestAborted))
            {
                await http.Response.Body.WriteAsync(chunk.Data.Memory, http.RequestAborted);
            }
        });

    private static Task SendDocumentAsync(HttpContext http, string caseId, string documentId, WorkspaceApi workspace) =>
        RefusalsShownAsync(http, async () =>
        {
            var name = $"cases/{caseId}/documents/{documentId}";
            var document = await workspace.Client.Documents.GetDocumentAsync(new GetDocumentRequest { Name = name }, cancellationToken: http.RequestAborted);
            // Checked against its SHA-256 before a byte reaches the browser.
            using var content = new MemoryStream();
            await workspace.Client.DownloadDocumentAsync(name, content, cancellationToken: http.RequestAborted);
            Describe(http, document.MediaType.Length > 0 ? document.MediaType : "application/octet-stream", $"attachment; filename=\"{documentId}\"");
            content.Position = 0;
            await content.CopyToAsync(http.Response.Body, http.RequestAborted);
        });

    private static void Describe(HttpContext http, string mediaType, string disposition)
    {
        http.Response.ContentType = mediaType;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        http.Response.Headers.ContentDisposition = disposition;
    }

    /// <summary>The API's refusal as the HTTP status a browser understands, with the reason and message as text.</summary>
    private static async Task RefusalsShownAsync(HttpContext http, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (CaseTrackerException refused) when (!http.Response.HasStarted)
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
