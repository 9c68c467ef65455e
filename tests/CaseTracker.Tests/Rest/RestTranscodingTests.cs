using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CaseTracker.Server.Cases;
using CaseTracker.Tests.Support;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CaseTracker.Tests.Rest;

/// <summary>
/// REST/JSON on the HTTP endpoint: every unary method at its <c>google.api.http</c> route, through the same
/// interceptors as gRPC, so permissions, limits and errors (a <c>google.rpc.Status</c> with its details) are the same.
/// </summary>
public sealed class RestTranscodingTests
{
    /// <summary>Every file of the contract (casetracker.v1), as the client library compiles it.</summary>
    public static IReadOnlyList<FileDescriptor> ContractFiles { get; } = typeof(V1.Case).Assembly.GetTypes()
        .Where(type => type.Namespace == "CaseTracker.V1" && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
        .Select(type => (FileDescriptor)type.GetProperty("Descriptor")!.GetValue(null)!)
        .ToList();

    public static IEnumerable<MethodDescriptor> ContractMethods() => ContractFiles.SelectMany(file => file.Services).SelectMany(service => service.Methods);

    [Fact]
    public void EveryUnaryMethodOfEveryService_HasAnHttpRule_AndClientStreamsStayGrpcOnly()
    {
        var unary = ContractMethods().Where(method => !method.IsClientStreaming && !method.IsServerStreaming).ToList();
        var withoutRule = unary.Where(method => Rule(method) is null).Select(method => method.FullName);
        var clientStreamsWithRule = ContractMethods().Where(method => method.IsClientStreaming && Rule(method) is not null);

        Assert.True(unary.Count >= 40, $"only {unary.Count} unary methods found in the contract");
        Assert.Empty(withoutRule);
        Assert.Empty(clientStreamsWithRule);
        Assert.Contains(ContractMethods(), method => method.Name == "ImportPersonList" && method.IsClientStreaming);
        Assert.Contains(ContractMethods(), method => method.Name == "UploadDocument" && method.IsClientStreaming);
    }

    [Fact]
    public void EveryServerStream_HasAGetRule()
    {
        var serverStreams = ContractMethods().Where(method => method.IsServerStreaming && !method.IsClientStreaming).ToList();
        var withoutGet = serverStreams.Where(method => Rule(method)?.PatternCase != HttpRule.PatternOneofCase.Get).Select(method => method.FullName);

        Assert.True(serverStreams.Count >= 6, $"only {serverStreams.Count} server streams found in the contract");
        Assert.Empty(withoutGet);
    }

    private static HttpRule? Rule(MethodDescriptor method) => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);

    [Fact]
    public async Task CreateThenGetAndStartInvestigation_OverRest_AnswerTheCaseAsJson_SeenTheSameOverGrpc()
    {
        using var host = new CaseTrackerHost();
        var http = RestClient(host, host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));

        using var created = await http.PostAsync("/v1/cases", Json(new V1.CreateCaseRequest { Case = Drafts.NewCase(), RequestId = Guid.NewGuid().ToString() }));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var name = (await BodyOf(created)).GetProperty("name").GetString()!;
        using var read = await http.GetAsync($"/v1/{name}");
        using var started = await http.PostAsync($"/v1/{name}:startInvestigation", Json("{}"));
        var overGrpc = await host.ClientFor(Party.TJ, Role.Investigator, "tj.karimova").Cases.GetCaseAsync(new V1.GetCaseRequest { Name = name });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("STAGE_INTAKE", (await BodyOf(read)).GetProperty("stage").GetString());
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        Assert.Equal("STAGE_INVESTIGATION", (await BodyOf(started)).GetProperty("stage").GetString());
        Assert.Equal(V1.Stage.Investigation, overGrpc.Stage);
    }

    [Fact]
    public async Task UpdateCase_OverPatch_ChangesOnlyTheMaskedFields()
    {
        using var host = new CaseTrackerHost();
        var http = RestClient(host, host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));
        using var created = await http.PostAsync("/v1/cases", Json(new V1.CreateCaseRequest { Case = Drafts.NewCase() }));
        var name = (await BodyOf(created)).GetProperty("name").GetString()!;

        using var patched = await http.PatchAsync($"/v1/{name}", Json("""{"case": {"allegationDetails": "Seen again at the border."}, "updateMask": "allegationDetails"}"""));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var body = await BodyOf(patched);
        Assert.Equal("Seen again at the border.", body.GetProperty("allegationDetails").GetString());
        Assert.Equal("Moscow", body.GetProperty("enforcementAction").GetProperty("region").GetString());
    }

    [Fact]
    public async Task NoToken_Is401WithTheStatusAndItsErrorInfo()
    {
        using var host = new CaseTrackerHost();

        using var response = await host.CreateClient().GetAsync("/v1/cases");

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, code: 16, "CREDENTIALS_MISSING");
    }

    [Fact]
    public async Task UnknownCase_Is404CaseNotFound()
    {
        using var host = new CaseTrackerHost();
        var http = RestClient(host, host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));

        using var response = await http.GetAsync("/v1/cases/TF-2000-999999");

        await AssertErrorAsync(response, HttpStatusCode.NotFound, code: 5, "CASE_NOT_FOUND");
    }

    [Fact]
    public async Task BadFields_Are400WithABadRequestListingEachField()
    {
        using var host = new CaseTrackerHost();
        var http = RestClient(host, host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));

        using var response = await http.PostAsync("/v1/cases", Json("""{"case": {}}"""));

        var status = await AssertErrorAsync(response, HttpStatusCode.BadRequest, code: 3, "INVALID_REQUEST");
        var badRequest = status.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.BadRequest");
        Assert.NotEmpty(badRequest.GetProperty("fieldViolations").EnumerateArray());
    }

    [Fact]
    public async Task ARoleThatMayNotDoIt_Is403RoleNotAllowed()
    {
        using var host = new CaseTrackerHost();
        var investigator = RestClient(host, host.TokenFor(Party.TJ, Role.Investigator, "tj.karimova"));
        using var created = await investigator.PostAsync("/v1/cases", Json(new V1.CreateCaseRequest { Case = Drafts.NewCase() }));
        var name = (await BodyOf(created)).GetProperty("name").GetString()!;
        var auditor = RestClient(host, host.TokenFor(Party.RU, Role.Auditor, "ru.audit"));

        using var response = await auditor.PostAsync($"/v1/{name}:startInvestigation", Json("{}"));

        await AssertErrorAsync(response, HttpStatusCode.Forbidden, code: 7, "ROLE_NOT_ALLOWED");
    }

    [Fact]
    public async Task ACallerOverItsRate_Is429WithRetryInfo()
    {
        using var host = CaseTrackerHost.WithSettings(new Dictionary<string, string> { ["Limits:RequestsPerSecond"] = "1", ["Limits:Burst"] = "2" });
        var http = RestClient(host, host.TokenFor(Party.TJ, Role.Investigator, "tj.busy"));

        HttpResponseMessage response;
        var calls = 0;
        do
        {
            response = await http.GetAsync("/v1/cases");
        }
        while (response.StatusCode == HttpStatusCode.OK && ++calls < 10);

        var status = await AssertErrorAsync(response, HttpStatusCode.TooManyRequests, code: 8, "RATE_LIMITED");
        Assert.Contains(status.GetProperty("details").EnumerateArray(), d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.RetryInfo");
    }

    internal static HttpClient RestClient(CaseTrackerHost host, string token)
    {
        var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    internal static StringContent Json(IMessage message) => Json(JsonFormatter.Default.Format(message));

    internal static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    internal static async Task<JsonElement> BodyOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode httpStatus, int code, string reason)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == httpStatus, $"{(int)response.StatusCode} instead of {(int)httpStatus}: {text}");
        var status = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, status.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(status.GetProperty("message").GetString()));
        var info = status.GetProperty("details").EnumerateArray().First(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal(reason, info.GetProperty("reason").GetString());
        Assert.Equal("casetracker.v1", info.GetProperty("domain").GetString());
        return status;
    }
}
