namespace CaseTracker.Server.Web.Components;

/// <summary>The workspace's addresses of a case: <c>/cases/tf-2026-000123</c> for <c>cases/tf-2026-000123</c>.</summary>
public static class CaseLinks
{
    public static string PageOf(string caseName) => "/" + caseName;

    public static string NameOf(string caseId) => "cases/" + caseId;
}
