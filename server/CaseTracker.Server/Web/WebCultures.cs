using System.Globalization;
using CaseTracker.Server.Cases;

namespace CaseTracker.Server.Web;

/// <summary>The workspace's languages and the viewer's time zone.</summary>
public static class WebCultures
{
    /// <summary>Russian, Tajik (Cyrillic), English; English when the browser asks for none of them.</summary>
    public static readonly string[] Supported = ["ru", "tg", "en"];

    public const string Default = "en";

    /// <summary>Each language's own name, for the switch.</summary>
    public static string NativeName(string culture) => culture switch
    {
        "ru" => "Русский",
        "tg" => "Тоҷикӣ",
        _ => "English",
    };

    /// <summary>Each party's time zone, for a viewer who has not chosen one.</summary>
    public static string DefaultTimeZone(Party? party) => party == Party.RU ? "Europe/Moscow" : "Asia/Dushanbe";

    /// <summary>The time zones offered: the parties' and UTC.</summary>
    public static readonly string[] TimeZones = ["Asia/Dushanbe", "Europe/Moscow", "Asia/Yekaterinburg", "Asia/Novosibirsk", "Asia/Vladivostok", "UTC"];

    public static CultureInfo Current => CultureInfo.CurrentUICulture;
}
