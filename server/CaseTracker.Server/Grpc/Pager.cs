using Microsoft.Extensions.Options;

namespace CaseTracker.Server.Grpc;

/// <summary>
/// The one way every List method pages: the size asked for (50 when none, at most <c>Limits:MaxPageSize</c>,
/// negative refused) and the position carried by a signed page token bound to the query it was issued for.
/// </summary>
public sealed class Pager(PageTokens tokens, IOptions<LimitsOptions> limits)
{
    public const int DefaultPageSize = 50;

    /// <summary>
    /// Opens the page a request asks for. <paramref name="query"/> names the list and everything that selects
    /// or orders it, so that a token is refused with another filter or order.
    /// </summary>
    public Page Open(int pageSize, string pageToken, string query)
    {
        if (pageSize < 0)
        {
            throw ApiException.InvalidRequest([new FieldViolation("page_size", "must not be negative")]);
        }
        var size = Math.Min(pageSize == 0 ? DefaultPageSize : pageSize, limits.Value.MaxPageSize);
        return new Page(tokens, query, size, tokens.Read(pageToken, query));
    }
}

/// <summary>One page of a List method: read <see cref="Fetch"/> rows after <see cref="Position"/>, return <see cref="Items"/>.</summary>
public sealed class Page(PageTokens tokens, string query, int size, string? position)
{
    /// <summary>Rows to read: one more than the page holds, to know whether another page follows.</summary>
    public int Fetch => size + 1;

    /// <summary>Where the previous page ended, as its token carried it; null on the first page.</summary>
    public string? Position => position;

    public IEnumerable<T> Items<T>(IReadOnlyList<T> fetched) => fetched.Take(size);

    /// <summary>The token of the next page, or empty when <paramref name="fetched"/> was the last.</summary>
    public string NextToken<T>(IReadOnlyList<T> fetched, Func<T, string> positionAfter) =>
        fetched.Count > size ? tokens.Issue(query, positionAfter(fetched[size - 1])) : string.Empty;
}
