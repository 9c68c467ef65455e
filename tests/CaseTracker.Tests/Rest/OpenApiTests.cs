using System.Net;
using System.Text.Json.Nodes;
using CaseTracker.Server.Rest;
using CaseTracker.Tests.Support;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CaseTracker.Tests.Rest;

/// <summary>The OpenAPI description at <c>/openapi/v1.json</c> is made from the contract and says what the server really maps.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApi_DescribesExactlyTheRoutesTheServerMaps()
    {
        using var host = new CaseTrackerHost();
        var document = await DocumentOf(host);

        var documented = Operations(document).Select(op => (op.Verb, op.Path, op.GrpcMethod)).ToHashSet();
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(endpoint => (Transcoding: endpoint.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>(), Verbs: endpoint.Metadata.GetMetadata<HttpMethodMetadata>()))
            .Where(endpoint => endpoint.Transcoding is not null)
            .SelectMany(endpoint => endpoint.Verbs!.HttpMethods.Select(verb => (
                Verb: verb.ToLowerInvariant(),
                OpenApiPaths.Convert(OpenApiPaths.VerbAndTemplate(endpoint.Transcoding!.HttpRule).Template).Path,
                GrpcMethod: $"/{endpoint.Transcoding.MethodDescriptor.Service.FullName}/{endpoint.Transcoding.MethodDescriptor.Name}")))
            .ToHashSet();

        Assert.True(mapped.Count >= 40, $"only {mapped.Count} transcoded routes are mapped");
        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Except(mapped));
    }

    [Fact]
    public async Task EveryDocumentedOperation_ReachesItsGrpcMethod_ThroughTheSameAuthentication()
    {
        using var host = new CaseTrackerHost();
        var document = await DocumentOf(host);
        var http = host.CreateClient();

        foreach (var (verb, path, _) in Operations(document))
        {
            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "x");
            using var request = new HttpRequestMessage(new HttpMethod(verb.ToUpperInvariant()), url);
            if (verb != "get")
            {
                request.Content = RestTranscodingTests.Json("{}");
            }
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized && body.Contains("CREDENTIALS_MISSING", StringComparison.Ordinal), $"{verb} {url}: {(int)response.StatusCode} {body}");
        }
    }

    [Fact]
    public async Task OpenApi_CarriesTheContractsComments_AndEveryReferenceResolves()
    {
        using var host = new CaseTrackerHost();
        var document = await DocumentOf(host);
        var schemas = document["components"]!["schemas"]!.AsObject();

        var getCase = document["paths"]!["/v1/cases/{case}"]!["get"]!;
        Assert.Contains("Gets one case by name", getCase["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("/casetracker.v1.CaseService/GetCase", getCase["x-grpc-method"]!.GetValue<string>());
        var caseSchema = schemas["casetracker.v1.Case"]!;
        Assert.False(string.IsNullOrWhiteSpace(caseSchema["description"]!.GetValue<string>()));
        Assert.NotNull(caseSchema["properties"]!["allegationDetails"]);
        Assert.Contains("STAGE_CLOSED", schemas["casetracker.v1.Stage"]!["enum"]!.AsArray().Select(value => value!.GetValue<string>()));
        var references = document.ToJsonString().Split("\"#/components/schemas/").Skip(1).Select(part => part[..part.IndexOf('"')]).Distinct();
        Assert.All(references, name => Assert.True(schemas.ContainsKey(name), $"{name} is referenced but not described"));
        Assert.DoesNotContain(Operations(document), op => op.GrpcMethod.EndsWith("/ImportPersonList", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenApi_MarksTheServerStreams_AndOnlyThem()
    {
        using var host = new CaseTrackerHost();
        var document = await DocumentOf(host);

        var marked = (from path in document["paths"]!.AsObject()
                      from operation in path.Value!.AsObject()
                      where operation.Value!["x-grpc-server-streaming"]?.GetValue<bool>() == true
                      select (operation.Key, operation.Value!["x-grpc-method"]!.GetValue<string>())).ToHashSet();
        var serverStreams = RestTranscodingTests.ContractMethods()
            .Where(method => method.IsServerStreaming)
            .Select(method => ("get", $"/{method.Service.FullName}/{method.Name}"))
            .ToHashSet();

        Assert.Equal(serverStreams.Order(), marked.Order());
        var watch = document["paths"]!["/v1/caseEvents:watch"]!["get"]!;
        Assert.Contains("A stream of WatchCaseEventsResponse", watch["responses"]!["200"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonObject> DocumentOf(CaseTrackerHost host)
    {
        using var response = await host.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal("3.0.3", document["openapi"]!.GetValue<string>());
        return document;
    }

    private static IEnumerable<(string Verb, string Path, string GrpcMethod)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Key, path.Key, operation.Value!["x-grpc-method"]!.GetValue<string>());
}
