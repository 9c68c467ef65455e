using CaseTracker.Client;
using CaseTracker.Server.Web.Session;
using CaseTracker.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace CaseTracker.Server.Web;

/// <summary>
/// A monthly review's file, passed through from <c>DownloadMonthlyReview</c> with the member's own token: the
/// report shown inline (sandboxed: no script, nothing fetched), every file downloadable as it was built.
/// </summary>
public static class ReviewFileDownload
{
    public const string Pattern = "/reviews/{month}/files/{file}";

    public static RouteHandlerBuilder MapReviewFiles(this WebApplication app) =>
        app.MapGet(Pattern, SendAsync).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = WebMember.Scheme });

    public static string PathOf(string month, string file, bool inline = false) =>
        $"/reviews/{Uri.EscapeDataString(month)}/files/{Uri.EscapeDataString(file)}" + (inline ? "?inline=true" : string.Empty);

    private static async Task SendAsync(HttpContext http, string month, string file, bool? inline, WorkspaceApi workspace)
    {
        var name = $"reviews/{month}";
        try
        {
            var review = await workspace.Client.Reviews.GetMonthlyReviewAsync(new GetMonthlyReviewRequest { Name = name }, cancellationToken: http.RequestAborted);
            var described = review.Files.FirstOrDefault(f => f.FileName == file);
            if (described is null)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            using var call = workspace.Client.Reviews.DownloadMonthlyReview(new DownloadMonthlyReviewRequest { Name = name, FileName = file }, cancellationToken: http.RequestAborted);
            http.Response.ContentType = described.MediaType;
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
            http.Response.Headers.ContentDisposition = inline == true ? "inline" : $"attachment; filename=\"{file}\"";
            await foreach (var chunk in call.ResponseStream.ReadAllAsync(http.RequestAborted))
            {
                await http.Response.Body.WriteAsync(chunk.Data.Memory, http.RequestAborted);
            }
        }
        catch (CaseTrackerException refused) when (!http.Response.HasStarted)
        {
            http.Response.StatusCode = refused.StatusCode switch
            {
                StatusCode.NotFound => StatusCodes.Status404NotFound,
                StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
                _ => StatusCodes.Status502BadGateway,
            };
            await http.Response.WriteAsync($"{refused.Reason}: {refused.Status.Detail}", http.RequestAborted);
        }
    }
}
