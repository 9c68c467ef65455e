namespace CaseTracker.Server.Web;

/// <summary>The workspace's labels: <c>Labels.resx</c> (English), <c>Labels.ru.resx</c>, <c>Labels.tg.resx</c> beside this file.</summary>
public sealed class Labels
{
    /// <summary>
    /// The label key of an enum value, such as <c>Stage_Investigation</c>. Resource names ignore case, so the
    /// contract's <c>Party.Ru</c> and the server's <c>Party.RU</c> share one key, <c>Party_RU</c>.
    /// </summary>
    public static string KeyOf<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        typeof(TEnum).Name == "Party" ? $"Party_{value.ToString().ToUpperInvariant()}" : $"{typeof(TEnum).Name}_{value}";
}
