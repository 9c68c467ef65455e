using System.Text.Json.Nodes;
using Google.Api;
using Google.Protobuf.Reflection;

namespace CaseTracker.Server.Rest;

/// <summary>
/// The JSON schemas of the contract's messages and enums as proto3 JSON writes them (field names in lowerCamelCase,
/// enums by name, 64-bit integers and bytes as strings, well-known types in their JSON forms), each with its comment.
/// </summary>
public sealed class OpenApiSchemas
{
    public JsonObject Components { get; } = new();

    /// <summary>A field that can be sent in the query string: a scalar, an enum, a list of them, or a type written as a string.</summary>
    public static bool IsQueryable(FieldDescriptor field) =>
        !field.IsMap && (field.FieldType != FieldType.Message || WellKnown(field.MessageType) is { } known && known["type"]?.GetValue<string>() == "string");

    public static string Comment(DescriptorDeclaration? declaration) =>
        declaration is null ? string.Empty : string.Join(" ", declaration.LeadingComments.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    public JsonNode Reference(MessageDescriptor message)
    {
        if (WellKnown(message) is { } known)
        {
            return known;
        }
        if (!Components.ContainsKey(message.FullName))
        {
            Components[message.FullName] = null; // taken before its fields, so a message that holds itself ends
            Components[message.FullName] = MessageSchema(message);
        }
        return Ref(message.FullName);
    }

    public JsonNode ForField(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Single(field.MessageType.FindFieldByNumber(2)) };
        }
        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = Single(field) } : Single(field);
    }

    private JsonObject MessageSchema(MessageDescriptor message)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var schema = ForField(field);
            var behaviors = field.GetOptions()?.GetExtension(FieldBehaviorExtensions.FieldBehavior) ?? [];
            var comment = Comment(field.Declaration);
            // A $ref stands alone in OpenAPI 3.0: its description and read-only mark go on a wrapper.
            if (schema is JsonObject { Count: 1 } only && only.ContainsKey("$ref") && (comment.Length > 0 || behaviors.Contains(FieldBehavior.OutputOnly)))
            {
                schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
            }
            var target = (JsonObject)schema;
            if (comment.Length > 0)
            {
                target["description"] = comment;
            }
            if (behaviors.Contains(FieldBehavior.OutputOnly))
            {
                target["readOnly"] = true;
            }
            if (behaviors.Contains(FieldBehavior.Required))
            {
                required.Add(field.JsonName);
            }
            properties[field.JsonName] = schema;
        }
        var result = new JsonObject { ["type"] = "object", ["description"] = Comment(message.Declaration), ["properties"] = properties };
        if (required.Count > 0)
        {
            result["required"] = required;
        }
        return result;
    }

    private JsonNode Single(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Message or FieldType.Group => Reference(field.MessageType),
        FieldType.Enum => EnumReference(field.EnumType),
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        FieldType.Double => new JsonObject { ["type"] = "number", ["format"] = "double" },
        FieldType.Float => new JsonObject { ["type"] = "number", ["format"] = "float" },
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => new JsonObject { ["type"] = "string", ["format"] = "int64" },
        FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "string", ["format"] = "uint64" },
        FieldType.UInt32 or FieldType.Fixed32 => new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
        _ => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
    };

    private JsonObject EnumReference(EnumDescriptor type)
    {
        if (!Components.ContainsKey(type.FullName))
        {
            var values = string.Join(" ", type.Values.Select(value => Comment(value.Declaration) is { Length: > 0 } comment ? $"`{value.Name}`: {comment}" : $"`{value.Name}`."));
            Components[type.FullName] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = $"{Comment(type.Declaration)} {values}".Trim(),
                ["enum"] = new JsonArray(type.Values.Select(value => (JsonNode)value.Name).ToArray()),
            };
        }
        return Ref(type.FullName);
    }

    private static JsonObject Ref(string fullName) => new() { ["$ref"] = $"#/components/schemas/{fullName}" };

    /// <summary>The types proto3 JSON writes in a form of their own, not as an object of their fields.</summary>
    private static JsonObject? WellKnown(MessageDescriptor message) => message.FullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "google.protobuf.Duration" => new JsonObject { ["type"] = "string", ["description"] = "Seconds with an `s`, for example `30s` or `1.5s`." },
        "google.protobuf.FieldMask" => new JsonObject { ["type"] = "string", ["description"] = "Field names in lowerCamelCase, separated by commas." },
        "google.protobuf.Any" => new JsonObject
        {
            ["type"] = "object",
            ["description"] = "A message of the type named by `@type`, with that message's fields beside it.",
            ["properties"] = new JsonObject { ["@type"] = new JsonObject { ["type"] = "string" } },
            ["additionalProperties"] = true,
        },
        "google.protobuf.Empty" => new JsonObject { ["type"] = "object" },
        "google.protobuf.Struct" => new JsonObject { ["type"] = "object", ["additionalProperties"] = true },
        "google.protobuf.Value" => new JsonObject(),
        "google.protobuf.StringValue" or "google.protobuf.BytesValue" => new JsonObject { ["type"] = "string", ["nullable"] = true },
        "google.protobuf.BoolValue" => new JsonObject { ["type"] = "boolean", ["nullable"] = true },
        "google.protobuf.Int32Value" or "google.protobuf.UInt32Value" => new JsonObject { ["type"] = "integer", ["nullable"] = true },
        "google.protobuf.Int64Value" or "google.protobuf.UInt64Value" => new JsonObject { ["type"] = "string", ["nullable"] = true },
        "google.protobuf.DoubleValue" or "google.protobuf.FloatValue" => new JsonObject { ["type"] = "number", ["nullable"] = true },
        _ => null,
    };
}
