using System.Globalization;
using CaseTracker.Server.Members;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// What a notification says, in Russian, Tajik and English: a title and what is expected, from the kind, the case's
/// reference and the non-personal details only. The inbox and the e-mail use the same texts.
/// </summary>
public static class NotificationTexts
{
    /// <summary>The words of one language.</summary>
    public sealed record Words(
        Dictionary<NotificationKind, string> Titles,
        Dictionary<NotificationKind, string> Expected,
        Dictionary<string, string> Stages,
        string StageClock,
        string ResponseClock,
        string CaseLabel,
        string EventLabel,
        string DueLabel,
        string ExpectedLabel,
        string OpenLabel,
        string Footer,
        string DigestSubject,
        string DigestIntro);

    private static readonly Dictionary<Language, Words> ByLanguage = new()
    {
        [Language.English] = new(
            new()
            {
                [NotificationKind.DeadlineWarning] = "Deadline warning: case {case}",
                [NotificationKind.DeadlineBreach] = "Deadline breached: case {case}",
                [NotificationKind.CoChairEscalation] = "Escalated to the co-chairs: case {case}",
                [NotificationKind.ResponseRequested] = "Response requested: case {case}",
                [NotificationKind.SignOffAwaited] = "Findings await your party's sign-off: case {case}",
                [NotificationKind.CaseAssigned] = "Case {case} assigned to you",
                [NotificationKind.MonthlyReviewReady] = "Monthly review {month} ready for sign-off",
                [NotificationKind.ReconciliationAmbiguous] = "List reconciliation finished: {ambiguous} ambiguous records",
            },
            new()
            {
                [NotificationKind.DeadlineWarning] = "The deadline ({clock}) is near. Act on the case before it passes.",
                [NotificationKind.DeadlineBreach] = "The deadline ({clock}) has passed. See that the case is acted on now; otherwise it goes to the co-chairs.",
                [NotificationKind.CoChairEscalation] = "The deadline ({clock}) has passed and the case has still not been acted on. The co-chairs' decision is needed.",
                [NotificationKind.ResponseRequested] = "Your party is asked for a response on the case before the deadline.",
                [NotificationKind.SignOffAwaited] = "Review the proposed findings and sign them off for your party, or send the case back to investigation.",
                [NotificationKind.CaseAssigned] = "You are now the case's lead investigator. Read the case and take the work forward.",
                [NotificationKind.MonthlyReviewReady] = "Check the review and sign it off for your party.",
                [NotificationKind.ReconciliationAmbiguous] = "Review the ambiguous records of the list {list} and decide each one.",
            },
            new() { ["Intake"] = "intake", ["Investigation"] = "investigation", ["Resolution"] = "sign-off of findings", ["Closed"] = "closed" },
            "{stage} stage", "response", "Case", "Event", "Due", "What is expected", "Open",
            "This is a CaseTracker notification. It carries no personal data.",
            "CaseTracker digest: {count} notifications", "Your notifications since the last digest:"),
        [Language.Russian] = new(
            new()
            {
                [NotificationKind.DeadlineWarning] = "Предупреждение о сроке: дело {case}",
                [NotificationKind.DeadlineBreach] = "Срок нарушен: дело {case}",
                [NotificationKind.CoChairEscalation] = "Передано сопредседателям: дело {case}",
                [NotificationKind.ResponseRequested] = "Запрошен ответ: дело {case}",
                [NotificationKind.SignOffAwaited] = "Выводы ожидают утверждения вашей стороной: дело {case}",
                [NotificationKind.CaseAssigned] = "Вам поручено дело {case}",
                [NotificationKind.MonthlyReviewReady] = "Ежемесячный обзор за {month} готов к утверждению",
                [NotificationKind.ReconciliationAmbiguous] = "Сверка списка завершена: неоднозначных записей — {ambiguous}",
            },
            new()
            {
                [NotificationKind.DeadlineWarning] = "Срок ({clock}) скоро истекает. Примите меры по делу до его истечения.",
                [NotificationKind.DeadlineBreach] = "Срок ({clock}) истёк. Обеспечьте, чтобы по делу были приняты меры, иначе дело будет передано сопредседателям.",
                [NotificationKind.CoChairEscalation] = "Срок ({clock}) истёк, а меры по делу так и не приняты. Требуется решение сопредседателей.",
                [NotificationKind.ResponseRequested] = "От вашей стороны ожидается ответ по делу до истечения срока.",
                [NotificationKind.SignOffAwaited] = "Рассмотрите предложенные выводы и утвердите их от имени вашей стороны или верните дело на расследование.",
                [NotificationKind.CaseAssigned] = "Вы назначены ведущим следователем по делу. Ознакомьтесь с делом и продолжите работу по нему.",
                [NotificationKind.MonthlyReviewReady] = "Проверьте обзор и утвердите его от имени вашей стороны.",
                [NotificationKind.ReconciliationAmbiguous] = "Рассмотрите неоднозначные записи списка {list} и примите решение по каждой.",
            },
            new() { ["Intake"] = "приём", ["Investigation"] = "расследование", ["Resolution"] = "утверждение выводов", ["Closed"] = "закрыто" },
            "этап «{stage}»", "ответ стороны", "Дело", "Событие", "Срок", "Что требуется", "Открыть",
            "Это уведомление CaseTracker. Оно не содержит персональных данных.",
            "Сводка уведомлений CaseTracker: {count}", "Ваши уведомления со времени прошлой сводки:"),
        [Language.Tajik] = new(
            new()
            {
                [NotificationKind.DeadlineWarning] = "Огоҳӣ дар бораи мӯҳлат: парвандаи {case}",
                [NotificationKind.DeadlineBreach] = "Мӯҳлат вайрон шуд: парвандаи {case}",
                [NotificationKind.CoChairEscalation] = "Ба ҳамраисон супорида шуд: парвандаи {case}",
                [NotificationKind.ResponseRequested] = "Ҷавоб дархост шуд: парвандаи {case}",
                [NotificationKind.SignOffAwaited] = "Хулосаҳо тасдиқи ҷониби шуморо интизоранд: парвандаи {case}",
                [NotificationKind.CaseAssigned] = "Парвандаи {case} ба шумо супорида шуд",
                [NotificationKind.MonthlyReviewReady] = "Баррасии моҳонаи {month} барои тасдиқ омода аст",
                [NotificationKind.ReconciliationAmbiguous] = "Муқоисаи рӯйхат анҷом ёфт: сабтҳои номуайян — {ambiguous}",
            },
            new()
            {
                [NotificationKind.DeadlineWarning] = "Мӯҳлат ({clock}) ба наздикӣ ба охир мерасад. То анҷоми он оид ба парванда чора андешед.",
                [NotificationKind.DeadlineBreach] = "Мӯҳлат ({clock}) гузашт. Таъмин намоед, ки оид ба парванда чора андешида шавад, вагарна парванда ба ҳамраисон супорида мешавад.",
                [NotificationKind.CoChairEscalation] = "Мӯҳлат ({clock}) гузашт ва оид ба парванда то ҳол чора андешида нашудааст. Қарори ҳамраисон зарур аст.",
                [NotificationKind.ResponseRequested] = "Аз ҷониби шумо то анҷоми мӯҳлат оид ба парванда ҷавоб интизор аст.",
                [NotificationKind.SignOffAwaited] = "Хулосаҳои пешниҳодшударо баррасӣ намуда, аз номи ҷониби худ тасдиқ кунед ё парвандаро барои тафтиш баргардонед.",
                [NotificationKind.CaseAssigned] = "Шумо муфаттиши пешбари парванда таъин шудед. Бо парванда шинос шуда, корро оид ба он идома диҳед.",
                [NotificationKind.MonthlyReviewReady] = "Баррасиро санҷида, аз номи ҷониби худ тасдиқ кунед.",
                [NotificationKind.ReconciliationAmbiguous] = "Сабтҳои номуайяни рӯйхати {list}-ро баррасӣ намуда, оид ба ҳар яке қарор қабул кунед.",
            },
            new() { ["Intake"] = "қабул", ["Investigation"] = "тафтиш", ["Resolution"] = "тасдиқи хулосаҳо", ["Closed"] = "пӯшида" },
            "марҳилаи «{stage}»", "ҷавоби ҷониб", "Парванда", "Ҳодиса", "Мӯҳлат", "Чӣ талаб карда мешавад", "Кушодан",
            "Ин огоҳиномаи CaseTracker аст. Дар он маълумоти шахсӣ нест.",
            "Ҷамъбасти огоҳиномаҳои CaseTracker: {count}", "Огоҳиномаҳои шумо аз ҷамъбасти гузашта инҷониб:"),
    };

    public static Words Of(Language language) => ByLanguage[language];

    public static string Title(NotificationRecord n) => Fill(Of(n.Language).Titles[n.Kind], n);

    public static string Expected(NotificationRecord n) => Fill(Of(n.Language).Expected[n.Kind], n);

    /// <summary>A time as the recipient reads it, in their party's time zone: <c>2026-03-05 22:00 (UTC+03:00)</c>.</summary>
    public static string LocalTime(DateTime utc, TimeSpan offset) =>
        (utc + offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        + $" (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm})";

    private static string Fill(string template, NotificationRecord n)
    {
        var words = Of(n.Language);
        var details = n.DetailValues();
        var clock = details.GetValueOrDefault("clock") == "Response"
            ? words.ResponseClock
            : words.StageClock.Replace("{stage}", words.Stages.GetValueOrDefault(details.GetValueOrDefault("stage", string.Empty), string.Empty), StringComparison.Ordinal);
        return template
            .Replace("{case}", n.CaseReference, StringComparison.Ordinal)
            .Replace("{clock}", clock, StringComparison.Ordinal)
            .Replace("{month}", details.GetValueOrDefault("month", string.Empty), StringComparison.Ordinal)
            .Replace("{list}", details.GetValueOrDefault("list", string.Empty), StringComparison.Ordinal)
            .Replace("{ambiguous}", details.GetValueOrDefault("ambiguous", string.Empty), StringComparison.Ordinal);
    }
}
