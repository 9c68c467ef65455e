using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using CaseTracker.Client;
using CaseTracker.Server.Grpc;
using FieldViolation = CaseTracker.Server.Grpc.FieldViolation;

namespace CaseTracker.Server.Cases;

/// <summary>The filterable fields of <c>ListCases</c>.</summary>
public static class CaseFilter
{
    private static readonly Dictionary<string, AipFilter<Case>.ClauseBuilder> CaseFields = new(StringComparer.Ordinal)
    {
        ["stage"] = (op, v) => AipFilter<Case>.EnumClause<V1.Stage, Stage>(op, v, x => c => c.Stage == x, x => c => c.Stage != x),
        ["filing_party"] = (op, v) => AipFilter<Case>.EnumClause<V1.Party, Party>(op, v, x => c => c.FilingParty == x, x => c => c.FilingParty != x),
        ["priority"] = (op, v) => AipFilter<Case>.EnumClause<V1.Priority, Priority>(op, v, x => c => c.Priority == x, x => c => c.Priority != x),
        ["enforcement_action.type"] = (op, v) => AipFilter<Case>.EnumClause<V1.EnforcementActionType, EnforcementActionType>(op, v,
            x => c => c.EnforcementAction != null && c.EnforcementAction.Type == x,
            x => c => c.EnforcementAction == null || c.EnforcementAction.Type != x),
        ["enforcement_action.registry_ground"] = (op, v) => AipFilter<Case>.EnumClause<V1.RegistryGround, RegistryGround>(op, v,
            x => c => c.EnforcementAction != null && c.EnforcementAction.RegistryGround == x,
            x => c => c.EnforcementAction == null || c.EnforcementAction.RegistryGround != x),
        ["awaiting_response.party"] = (op, v) => AipFilter<Case>.EnumClause<V1.Party, Party>(op, v,
            x => c => c.AwaitingResponse != null && c.AwaitingResponse.Party == x,
            x => c => c.AwaitingResponse == null || c.AwaitingResponse.Party != x),
        ["enforcement_action.region"] = (op, v) =>
        {
            var region = AipFilter<Case>.RequireString("enforcement_action.region", op, v, "=");
            return c => c.EnforcementAction != null && c.EnforcementAction.Region == region;
        },
        ["create_time"] = (op, v) => AipFilter<Case>.TimeClause("create_time", op, v, c => c.CreateTime),
        ["update_time"] = (op, v) => AipFilter<Case>.TimeClause("update_time", op, v, c => c.UpdateTime),
        ["registry.listed"] = (op, v) => AipFilter<Case>.BoolClause("registry.listed", op, v,
            c => c.Registry != null && c.Registry.Listed, c => c.Registry == null || !c.Registry.Listed),
    };

    /// <summary>
    /// Parses a filter into predicates that are all to hold. The subject's fields are looked up in
    /// <paramref name="keys"/> (<see cref="CaseSearchKey"/>); a passport is looked up only among the cases whose
    /// passport <paramref name="viewer"/> may see. The lead investigator is looked up in <paramref name="leads"/>
    /// (<see cref="CaseLead"/>), of <paramref name="viewer"/>'s party unless the filter names one.
    /// </summary>
    public static IReadOnlyList<Expression<Func<Case, bool>>> Parse(string filter, IQueryable<CaseSearchKey> keys, IQueryable<CaseLead> leads, Actor viewer)
    {
        var subject = new SubjectFilter(keys, viewer);
        var lead = new LeadFilter(leads, viewer);
        var fields = new Dictionary<string, AipFilter<Case>.ClauseBuilder>(CaseFields, StringComparer.Ordinal)
        {
            ["subject.name"] = subject.Name,
            ["subject.date_of_birth"] = subject.DateOfBirth,
            ["subject.citizenship"] = subject.Citizenship,
            ["subject.passport_number"] = subject.PassportNumber,
            ["lead_investigators.investigator_id"] = lead.InvestigatorId,
            ["lead_investigators.party"] = lead.Party,
        };
        var clauses = new AipFilter<Case>(fields).Parse(filter);
        return lead.Clause() is { } led ? [.. clauses, led] : clauses;
    }
}

/// <summary>
/// The documented subset of AIP-160 the list methods accept: comparisons joined by AND, over a table of
/// fields. Anything else is refused with INVALID_ARGUMENT naming the problem, never silently ignored.
/// </summary>
public sealed class AipFilter<T>(Dictionary<string, AipFilter<T>.ClauseBuilder> fields)
{
    /// <summary>
    /// Builds a comparison's predicate; null when the comparison only qualifies another one and its caller
    /// combines them after the parse (<see cref="LeadFilter"/>).
    /// </summary>
    public delegate Expression<Func<T, bool>>? ClauseBuilder(string op, FilterValue value);

    private Dictionary<string, ClauseBuilder> Fields => fields;

    /// <summary>Parses a filter into predicates that are all to hold. An empty filter gives none.</summary>
    public IReadOnlyList<Expression<Func<T, bool>>> Parse(string filter)
    {
        if (filter.Length > 2_000)
        {
            throw Invalid("the filter is longer than 2,000 characters");
        }
        var tokens = Tokenize(filter);
        var clauses = new List<Expression<Func<T, bool>>>();
        var i = 0;
        while (i < tokens.Count)
        {
            if (i + 3 > tokens.Count)
            {
                throw Invalid($"incomplete comparison at '{string.Join(' ', tokens.Skip(i).Select(t => t.Text))}'; write FIELD OPERATOR VALUE");
            }
            var (field, op, value) = (tokens[i], tokens[i + 1], tokens[i + 2]);
            if (field.Quoted || !Fields.TryGetValue(field.Text, out var build))
            {
                throw Invalid($"unknown field '{field.Text}'; filterable fields are {string.Join(", ", Fields.Keys)}");
            }
            if (op.Quoted || op.Text is not ("=" or "!=" or "<" or "<=" or ">" or ">=" or ":"))
            {
                throw Invalid($"unknown operator '{op.Text}' after {field.Text}");
            }
            if (build(op.Text, value) is { } clause)
            {
                clauses.Add(clause);
            }
            i += 3;
            if (i < tokens.Count)
            {
                if (tokens[i].Quoted || tokens[i].Text != "AND")
                {
                    throw Invalid($"expected AND after the comparison on {field.Text}, found '{tokens[i].Text}' (only AND is supported)");
                }
                i++;
                if (i == tokens.Count)
                {
                    throw Invalid("the filter ends with AND");
                }
            }
        }
        return clauses;
    }

    /// <summary>
    /// A comparison with an enum value named as the contract names it, its prefix optional
    /// (<c>INVESTIGATION</c> or <c>STAGE_INVESTIGATION</c>, in any case); the domain's enum shares the numbers.
    /// </summary>
    public static Expression<Func<T, bool>> EnumClause<TContract, TDomain>(
        string op, FilterValue value,
        Func<TDomain, Expression<Func<T, bool>>> equal,
        Func<TDomain, Expression<Func<T, bool>>> notEqual)
        where TContract : struct, Enum
        where TDomain : struct, Enum
    {
        var domain = EnumValue<TContract, TDomain>(value);
        return op switch
        {
            "=" => equal(domain),
            "!=" => notEqual(domain),
            _ => throw Invalid($"operator '{op}' does not apply to {typeof(TDomain).Name.ToLowerInvariant()} values; use = or !="),
        };
    }

    /// <summary>An enum value named as the contract names it, its prefix optional, as the domain's enum (they share the numbers).</summary>
    public static TDomain EnumValue<TContract, TDomain>(FilterValue value)
        where TContract : struct, Enum
        where TDomain : struct, Enum
    {
        var prefix = ContractNames.Of(default(TContract))[..^"UNSPECIFIED".Length];
        var name = value.Text.ToUpperInvariant();
        if (value.Quoted
            || !(ContractNames.TryParse<TContract>(name, out var match) || ContractNames.TryParse(prefix + name, out match))
            || match.Equals(default(TContract)))
        {
            throw Invalid($"'{value.Text}' is not one of {string.Join(", ", ContractNames.Specified<TContract>())}");
        }
        return (TDomain)Enum.ToObject(typeof(TDomain), Convert.ToInt32(match, CultureInfo.InvariantCulture));
    }

    public static string RequireString(string field, string op, FilterValue value, string allowedOp)
    {
        if (op != allowedOp)
        {
            throw Invalid($"{field} takes the operator '{allowedOp}'");
        }
        if (!value.Quoted || value.Text.Length == 0)
        {
            throw Invalid($"{field} takes a non-empty quoted string, for example {field} {allowedOp} \"text\"");
        }
        return value.Text;
    }

    /// <summary>A comparison with <c>true</c> or <c>false</c>, by = or !=.</summary>
    public static Expression<Func<T, bool>> BoolClause(
        string field, string op, FilterValue value, Expression<Func<T, bool>> isTrue, Expression<Func<T, bool>> isFalse)
    {
        if (value.Quoted || value.Text is not ("true" or "false"))
        {
            throw Invalid($"{field} takes true or false; got '{value.Text}'");
        }
        var wanted = value.Text == "true";
        return op switch
        {
            "=" => wanted ? isTrue : isFalse,
            "!=" => wanted ? isFalse : isTrue,
            _ => throw Invalid($"{field} takes = or !="),
        };
    }

    public static Expression<Func<T, bool>> TimeClause(string field, string op, FilterValue value, Expression<Func<T, DateTime>> property)
    {
        if (!DateTimeOffset.TryParse(value.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            || !value.Text.Contains('T', StringComparison.Ordinal))
        {
            throw Invalid($"{field} takes a quoted RFC 3339 time such as \"2026-03-01T00:00:00Z\"; got '{value.Text}'");
        }
        var at = Expression.Constant(parsed.UtcDateTime);
        Expression body = op switch
        {
            "<" => Expression.LessThan(property.Body, at),
            "<=" => Expression.LessThanOrEqual(property.Body, at),
            ">" => Expression.GreaterThan(property.Body, at),
            ">=" => Expression.GreaterThanOrEqual(property.Body, at),
            _ => throw Invalid($"{field} takes <, <=, > or >="),
        };
        return Expression.Lambda<Func<T, bool>>(body, property.Parameters);
    }

    private static List<FilterValue> Tokenize(string filter)
    {
        var tokens = new List<FilterValue>();
        var i = 0;
        while (i < filter.Length)
        {
            var ch = filter[i];
            if (char.IsWhiteSpace(ch))
            {
                i++;
            }
            else if (ch == '"')
            {
                var text = new StringBuilder();
                i++;
                while (i < filter.Length && filter[i] != '"')
                {
                    if (filter[i] == '\\' && i + 1 < filter.Length)
                    {
                        i++;
                    }
                    text.Append(filter[i++]);
                }
                if (i >= filter.Length)
                {
                    throw Invalid("a quoted string is not closed");
                }
                i++;
                tokens.Add(new FilterValue(text.ToString(), true));
            }
            else if ("=!<>:".Contains(ch, StringComparison.Ordinal))
            {
                var length = i + 1 < filter.Length && filter[i + 1] == '=' && ch is '!' or '<' or '>' ? 2 : 1;
                if (ch == '!' && length == 1)
                {
                    throw Invalid("'!' must be followed by '='");
                }
                tokens.Add(new FilterValue(filter.Substring(i, length), false));
                i += length;
            }
            else
            {
                var start = i;
                while (i < filter.Length && !char.IsWhiteSpace(filter[i]) && !"=!<>:\"".Contains(filter[i], StringComparison.Ordinal))
                {
                    i++;
                }
                tokens.Add(new FilterValue(filter[start..i], false));
            }
        }
        return tokens;
    }

    public static ApiException Invalid(string problem) =>
        ApiException.BadInput(ErrorReasons.InvalidFilter, $"Invalid filter: {problem}.", new FieldViolation("filter", problem));
}

/// <summary>One token of a filter: a word, an operator or a quoted string.</summary>
public readonly record struct FilterValue(string Text, bool Quoted);
