using CaseTracker.Client;
using CaseTracker.Server.Web.Components.Shared;
using CaseTracker.Server.Web.Session;
using CaseTracker.V1;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Web;

/// <summary>
/// A document filed from the case page: the browser's multipart form (with its antiforgery token, checked before the
/// handler runs) is kept in a temporary file and sent through the client library's resumable, hash-checked upload
/// with the member's own token, so the API decides everything — who may file, the limits, the types sniffed from
/// the bytes. The browser goes back to the case page, told the refusal's reason when there is one.
/// </summary>
public static class WorkspaceUploads
{
    public const string DocumentPattern = "/cases/{caseId}/documents";

    /// <summary>The query parameter that carries a refused upload's reason back to the case page.</summary>
    public const string RefusedParameter = "documentRefused";

    public static RouteGroupBuilder MapWorkspaceUploads(this WebApplication app)
    {
        var group = app.MapGroup(string.Empty).RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = WebMember.Scheme });
        // The form may carry a document as large as the API accepts, and a little more for the form itself.
        var limit = app.Services.GetRequiredService<IOptions<Documents.DocumentOptions>>().Value.MaxFileBytes + 1024 * 1024;
        group.MapPost(DocumentPattern, UploadDocumentAsync).WithMetadata(new RequestSizeLimitAttribute(limit), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit });
        return group;
    }

    public static string DocumentsPath(string caseName) => "/" + caseName + "/documents";

    private static async Task<IResult> UploadDocumentAsync(
        HttpContext http, string caseId, [FromForm] string? title, [FromForm] string? kind, [FromForm] string? sensitivity, IFormFile? file, WorkspaceApi workspace)
    {
        var caseName = $"cases/{caseId}";
        var back = Components.CaseLinks.PageOf(caseName);
        if (file is null || file.Length == 0)
        {
            return Results.LocalRedirect($"{back}?{RefusedParameter}=NO_FILE");
        }
        var document = new Document
        {
            Title = title ?? string.Empty,
            Kind = EnumSelect<DocumentKind>.Parse(kind),
            Sensitivity = EnumSelect<DocumentSensitivity>.Parse(sensitivity),
        };
        var held = Path.GetTempFileName();
        try
        {
            await using (var copy = File.Create(held))
            {
                await file.CopyToAsync(copy, http.RequestAborted);
            }
            await workspace.Client.UploadDocumentAsync(caseName, document, held, cancellationToken: http.RequestAborted);
            return Results.LocalRedirect(back + "#documents");
        }
        catch (CaseTrackerException refused)
        {
            var reason = string.IsNullOrEmpty(refused.Reason) ? refused.StatusCode.ToString() : refused.Reason;
            return Results.LocalRedirect($"{back}?{RefusedParameter}={Uri.EscapeDataString(reason)}#documents");
        }
        finally
        {
            File.Delete(held);
        }
    }
}
