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
        string DigestIntro,
        Dictionary<string, string> Proposals,
        string CaseAbout,
        string RecordAbout,
        string LabelsLanguage);

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
                [NotificationKind.RegistryProposal] = "New registry listing to decide on: {about}",
                [NotificationKind.RegistryRemedyConfirmed] = "Delisting confirmed: case {case}",
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
                [NotificationKind.RegistryProposal] = "The registry snapshot {snapshot} of {snapshot_time} lists this person, who was not on the snapshot before, on the ground \"{ground}\". {proposal}",
                [NotificationKind.RegistryRemedyConfirmed] = "The registry snapshot {snapshot} of {snapshot_time} no longer lists the person: the delisting the findings call for is confirmed. Let the person concerned know and take the case forward.",
            },
            new() { ["Intake"] = "intake", ["Investigation"] = "investigation", ["Resolution"] = "sign-off of findings", ["Closed"] = "closed" },
            "{stage} stage", "response", "Case", "Event", "Due", "What is expected", "Open",
            "This is a CaseTracker notification. It carries no personal data.",
            "CaseTracker digest: {count} notifications", "Your notifications since the last digest:",
            new()
            {
                ["REGISTRY_PROPOSAL_FILE_CASE"] = "They are on the other party's returned-home list and have no case: decide whether to open a case for the record {record}.",
                ["REGISTRY_PROPOSAL_REOPEN_CASE"] = "Their case is closed: decide whether to reopen it.",
                ["REGISTRY_PROPOSAL_PROPOSE_RETURNED_HOME"] = "They are on the other party's returned-home list: decide whether to propose \"already returned home\" as the case's findings.",
            },
            "case {case}", "record {record}", "en"),
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
                [NotificationKind.RegistryProposal] = "Новое внесение в реестр ждёт решения: {about}",
                [NotificationKind.RegistryRemedyConfirmed] = "Исключение из реестра подтверждено: дело {case}",
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
                [NotificationKind.RegistryProposal] = "Снимок реестра {snapshot} на {snapshot_time} содержит это лицо, которого не было в предыдущем снимке; основание: «{ground}». {proposal}",
                [NotificationKind.RegistryRemedyConfirmed] = "В снимке реестра {snapshot} на {snapshot_time} этого лица больше нет: исключение из реестра, которого требуют выводы, подтверждено. Сообщите об этом лицу, которого касается дело, и продолжите работу по делу.",
            },
            new() { ["Intake"] = "приём", ["Investigation"] = "расследование", ["Resolution"] = "утверждение выводов", ["Closed"] = "закрыто" },
            "этап «{stage}»", "ответ стороны", "Дело", "Событие", "Срок", "Что требуется", "Открыть",
            "Это уведомление CaseTracker. Оно не содержит персональных данных.",
            "Сводка уведомлений CaseTracker: {count}", "Ваши уведомления со времени прошлой сводки:",
            new()
            {
                ["REGISTRY_PROPOSAL_FILE_CASE"] = "Лицо есть в списке вернувшихся на родину другой стороны, дела по нему нет: решите, открыть ли дело по записи {record}.",
                ["REGISTRY_PROPOSAL_REOPEN_CASE"] = "Дело по нему закрыто: решите, возобновить ли его.",
                ["REGISTRY_PROPOSAL_PROPOSE_RETURNED_HOME"] = "Лицо есть в списке вернувшихся на родину другой стороны: решите, предложить ли по делу вывод «уже вернулся на родину».",
            },
            "дело {case}", "запись {record}", "ru"),
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
                [NotificationKind.RegistryProposal] = "Ворид кардани нав ба феҳрист қарорро интизор аст: {about}",
                [NotificationKind.RegistryRemedyConfirmed] = "Хориҷ кардан аз феҳрист тасдиқ шуд: парвандаи {case}",
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
                [NotificationKind.RegistryProposal] = "Нусхаи феҳристи {snapshot} аз {snapshot_time} ин шахсро дар бар мегирад, ки дар нусхаи қаблӣ набуд; асос: «{ground}». {proposal}",
                [NotificationKind.RegistryRemedyConfirmed] = "Дар нусхаи феҳристи {snapshot} аз {snapshot_time} ин шахс дигар нест: хориҷ кардан аз феҳрист, ки хулосаҳо талаб мекунанд, тасдиқ шуд. Ба шахсе, ки парванда ба ӯ дахл дорад, хабар диҳед ва корро оид ба парванда идома диҳед.",
            },
            new() { ["Intake"] = "қабул", ["Investigation"] = "тафтиш", ["Resolution"] = "тасдиқи хулосаҳо", ["Closed"] = "пӯшида" },
            "марҳилаи «{stage}»", "ҷавоби ҷониб", "Парванда", "Ҳодиса", "Мӯҳлат", "Чӣ талаб карда мешавад", "Кушодан",
            "Ин огоҳиномаи CaseTracker аст. Дар он маълумоти шахсӣ нест.",
            "Ҷамъбасти огоҳиномаҳои CaseTracker: {count}", "Огоҳиномаҳои шумо аз ҷамъбасти гузашта инҷониб:",
            new()
            {
                ["REGISTRY_PROPOSAL_FILE_CASE"] = "Шахс дар рӯйхати ба ватан баргаштагони ҷониби дигар ҳаст ва парванда надорад: қарор кунед, ки оё аз рӯи сабти {record} парванда кушода шавад.",
                ["REGISTRY_PROPOSAL_REOPEN_CASE"] = "Парвандаи ӯ пӯшида аст: қарор кунед, ки оё он аз нав кушода шавад.",
                ["REGISTRY_PROPOSAL_PROPOSE_RETURNED_HOME"] = "Шахс дар рӯйхати ба ватан баргаштагони ҷониби дигар ҳаст: қарор кунед, ки оё дар парванда хулосаи «аллакай ба ватан баргашт» пешниҳод карда шавад.",
            },
            "парвандаи {case}", "сабти {record}", "tg"),
    };

    public static Words Of(Language language) => ByLanguage[language];

    public static string Title(NotificationRecord n) => Fill(Of(n.Language).Titles[n.Kind], n);

    public static string Expected(NotificationRecord n) => Fill(Of(n.Language).Expected[n.Kind], n);

    /// <summary>A time as the recipient reads it, in their party's time zone: <c>2026-03-05 22:00 (UTC+03:00)</c>.</summary>
    public static string LocalTime(DateTime utc, TimeSpan offset) =>
        (utc + offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        + $" (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset.Duration():hh\\:mm})";

    /// <summary>A registry ground (the domain's name) in the recipient's language, as the monthly review names it; a dash when none was given.</summary>
    private static string GroundWords(Words words, string ground) =>
        ground.Length == 0 ? "—" : Reviews.ReviewLabels.Code(words.LabelsLanguage, Reviews.ReviewCodes.RegistryGround(ground));

    private static string Fill(string template, NotificationRecord n)
    {
        var words = Of(n.Language);
        var details = n.DetailValues();
        var clock = details.GetValueOrDefault("clock") == "Response"
            ? words.ResponseClock
            : words.StageClock.Replace("{stage}", words.Stages.GetValueOrDefault(details.GetValueOrDefault("stage", string.Empty), string.Empty), StringComparison.Ordinal);
        return template
            .Replace("{about}", n.CaseReference.Length > 0 ? words.CaseAbout : words.RecordAbout, StringComparison.Ordinal)
            .Replace("{proposal}", words.Proposals.GetValueOrDefault(details.GetValueOrDefault("proposal", string.Empty), string.Empty), StringComparison.Ordinal)
            .Replace("{ground}", GroundWords(words, details.GetValueOrDefault("ground", string.Empty)), StringComparison.Ordinal)
            .Replace("{snapshot}", details.GetValueOrDefault("snapshot", string.Empty), StringComparison.Ordinal)
            .Replace("{snapshot_time}", details.GetValueOrDefault("snapshot_time", string.Empty), StringComparison.Ordinal)
            .Replace("{record}", details.GetValueOrDefault("record", string.Empty), StringComparison.Ordinal)
            .Replace("{case}", n.CaseReference, StringComparison.Ordinal)
            .Replace("{clock}", clock, StringComparison.Ordinal)
            .Replace("{month}", details.GetValueOrDefault("month", string.Empty), StringComparison.Ordinal)
            .Replace("{list}", details.GetValueOrDefault("list", string.Empty), StringComparison.Ordinal)
            .Replace("{ambiguous}", details.GetValueOrDefault("ambiguous", string.Empty), StringComparison.Ordinal);
    }
}
