using System.Text;
using System.Text.RegularExpressions;
using Google.Api;

namespace CaseTracker.Server.Rest;

/// <summary>One path parameter of an OpenAPI path: its name there, and the request field whose value it is part of.</summary>
public sealed record OpenApiPathParameter(string Name, string Field, string FieldTemplate);

/// <summary>
/// Turns a <c>google.api.http</c> path template into an OpenAPI path. OpenAPI has no parameter that spans
/// slashes, so each <c>*</c> of a variable's template becomes a parameter of its own named after the collection
/// before it: <c>/v1/{name=cases/*}:startInvestigation</c> is <c>/v1/cases/{case}:startInvestigation</c>, whose
/// <c>case</c> fills <c>name</c> as <c>cases/{case}</c>.
/// </summary>
public static partial class OpenApiPaths
{
    public static (string Verb, string Template) VerbAndTemplate(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        HttpRule.PatternOneofCase.Custom => (rule.Custom.Kind.ToLowerInvariant(), rule.Custom.Path),
        _ => throw new InvalidOperationException($"The http rule of {rule.Selector} has no pattern."),
    };

    public static (string Path, IReadOnlyList<OpenApiPathParameter> Parameters) Convert(string template)
    {
        var parameters = new List<OpenApiPathParameter>();
        var path = Variable().Replace(template, match =>
        {
            var field = match.Groups["field"].Value;
            var fieldTemplate = match.Groups["template"].Success ? match.Groups["template"].Value : "*";
            var segments = fieldTemplate.Split('/');
            var converted = new StringBuilder();
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                var name = segment is "*" or "**" ? (i > 0 ? Singular(segments[i - 1]) : field.Split('.')[^1]) : null;
                if (name is not null)
                {
                    parameters.Add(new OpenApiPathParameter(name, field, fieldTemplate));
                }
                converted.Append(i == 0 ? string.Empty : "/").Append(name is null ? segment : $"{{{name}}}");
            }
            return converted.ToString();
        });
        return (path, parameters);
    }

    private static string Singular(string collection) =>
        collection.EndsWith("ies", StringComparison.Ordinal) ? collection[..^3] + "y"
        : collection.EndsWith('s') ? collection[..^1]
        : collection + "Id";

    [GeneratedRegex(@"\{(?<field>[\w.]+)(=(?<template>[^}]*))?\}")]
    private static partial Regex Variable();
}
