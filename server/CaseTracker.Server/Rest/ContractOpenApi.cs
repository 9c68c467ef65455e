using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CaseTracker.Server.Rest;

/// <summary>
/// The OpenAPI 3 description of the REST routes (<c>/openapi/v1.json</c>), made at start from the contract's
/// descriptors, their <c>google.api.http</c> rules and their comments. The build embeds the descriptors with
/// their comments (<c>contract.protoset</c>, protoc's <c>--include_source_info</c>): the generated C# keeps
/// neither. ASP.NET Core's own OpenAPI generator sees no transcoded route, and the gRPC Swagger package is
/// deprecated upstream, so the description is made here, from the same rules the routes are mapped from.
/// </summary>
public static class ContractOpenApi
{
    public const string Path = "/openapi/v1.json";

    private const string ContractPackage = "casetracker.v1";

    public static WebApplication MapCaseTrackerOpenApi(this WebApplication app)
    {
        var document = Build(LoadContract()).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        app.MapGet(Path, () => Results.Text(document, "application/json; charset=utf-8"));
        return app;
    }

    /// <summary>The contract's files, with comments and http rules, from the descriptor set the build embeds.</summary>
    public static IReadOnlyList<FileDescriptor> LoadContract()
    {
        using var stream = typeof(ContractOpenApi).Assembly.GetManifestResourceStream("CaseTracker.contract.protoset")
            ?? throw new InvalidOperationException("contract.protoset is not embedded: the build runs protoc over protos/ (CaseTracker.Server.csproj).");
        var set = FileDescriptorSet.Parser.ParseFrom(stream);
        var registry = new ExtensionRegistry { AnnotationsExtensions.Http, FieldBehaviorExtensions.FieldBehavior };
        return FileDescriptor.BuildFromByteStrings(set.File.Select(file => file.ToByteString()), registry);
    }

    /// <summary>Every REST operation of the contract: the method, its verb and its template, additional bindings included.</summary>
    public static IEnumerable<(MethodDescriptor Method, HttpRule Rule)> Operations(IEnumerable<FileDescriptor> files) =>
        from file in files
        where file.Package == ContractPackage
        from service in file.Services
        from method in service.Methods
        let rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)
        where rule is not null
        from binding in new[] { rule }.Concat(rule.AdditionalBindings)
        select (method, binding);

    public static JsonObject Build(IReadOnlyList<FileDescriptor> files)
    {
        var schemas = new OpenApiSchemas();
        schemas.Reference(files.SelectMany(file => file.MessageTypes).First(message => message.FullName == "google.rpc.Status"));
        var paths = new JsonObject();
        foreach (var (method, rule) in Operations(files))
        {
            var (verb, template) = OpenApiPaths.VerbAndTemplate(rule);
            var (path, parameters) = OpenApiPaths.Convert(template);
            if (paths[path] is not JsonObject item)
            {
                item = new JsonObject();
                paths[path] = item;
            }
            item[verb] = Operation(method, rule, parameters, schemas);
        }
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "CaseTracker",
                ["version"] = "v1",
                ["description"] = "REST/JSON transcoding of the casetracker.v1 gRPC contract: the same methods, permissions, limits "
                    + "and errors. Bodies and answers are the contract's messages in proto3 JSON; an error is a google.rpc.Status "
                    + "whose details carry an ErrorInfo (and a BadRequest or RetryInfo where they fit). A server stream (x-grpc-server-streaming) "
                    + "answers a GET with its messages as newline-delimited JSON, one message a line, as they are sent; "
                    + "ImportPersonList and UploadDocument, client streams, are gRPC only.",
            },
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
                ["schemas"] = schemas.Components,
            },
        };
    }

    private static JsonObject Operation(MethodDescriptor method, HttpRule rule, IReadOnlyList<OpenApiPathParameter> pathParameters, OpenApiSchemas schemas)
    {
        var parameters = new JsonArray();
        foreach (var parameter in pathParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = parameter.Name,
                ["in"] = "path",
                ["required"] = true,
                ["description"] = $"Part of the request's `{parameter.Field}`, `{parameter.FieldTemplate}`.",
                ["schema"] = new JsonObject { ["type"] = "string" },
            });
        }
        var boundInPath = pathParameters.Select(parameter => parameter.Field.Split('.')[0]).ToHashSet();
        if (rule.Body != "*")
        {
            foreach (var field in method.InputType.Fields.InDeclarationOrder().Where(field => !boundInPath.Contains(field.Name) && field.Name != rule.Body && OpenApiSchemas.IsQueryable(field)))
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = field.JsonName,
                    ["in"] = "query",
                    ["description"] = OpenApiSchemas.Comment(field.Declaration),
                    ["schema"] = schemas.ForField(field),
                });
            }
        }
        var operation = new JsonObject
        {
            ["operationId"] = $"{method.Service.Name}_{method.Name}",
            ["summary"] = method.Name,
            ["description"] = OpenApiSchemas.Comment(method.Declaration),
            ["tags"] = new JsonArray(method.Service.Name),
            ["x-grpc-method"] = $"/{method.Service.FullName}/{method.Name}",
            ["parameters"] = parameters,
        };
        if (method.IsServerStreaming)
        {
            operation["x-grpc-server-streaming"] = true;
        }
        if (rule.Body.Length > 0)
        {
            var body = rule.Body == "*" ? schemas.Reference(method.InputType) : schemas.ForField(method.InputType.FindFieldByName(rule.Body));
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["description"] = rule.Body == "*" ? "The request; the fields in the path are taken from the path." : $"The request's `{rule.Body}`.",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = body } },
            };
        }
        var response = rule.ResponseBody.Length > 0 ? schemas.ForField(method.OutputType.FindFieldByName(rule.ResponseBody)) : schemas.Reference(method.OutputType);
        operation["responses"] = new JsonObject
        {
            ["200"] = new JsonObject
            {
                ["description"] = method.IsServerStreaming
                    ? $"A stream of {method.OutputType.Name}: newline-delimited JSON, one message a line, each sent as the server writes it. "
                        + "A refusal before the first message is an error status like any call's; an error after it is the stream's last object, a google.rpc.Status."
                    : $"The {method.OutputType.Name}.",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = response } },
            },
            ["default"] = new JsonObject
            {
                ["description"] = "The error: a google.rpc.Status with an ErrorInfo naming its reason (see the README's Errors).",
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/google.rpc.Status" } } },
            },
        };
        return operation;
    }
}
