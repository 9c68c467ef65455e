namespace CaseTracker.Server.Reviews;

/// <summary>The report's labels, in English and Russian: every code a chart can show, and the chart titles.</summary>
public static class ReviewLabels
{
    private static readonly Dictionary<string, (string En, string Ru)> Codes = new(StringComparer.Ordinal)
    {
        ["INTAKE"] = ("Intake", "Приём"),
        ["INVESTIGATION"] = ("Investigation", "Расследование"),
        ["RESOLUTION"] = ("Resolution", "Решение"),
        ["CLOSED"] = ("Closed", "Закрыто"),
        ["VIOLATION_CONFIRMED"] = ("Violation confirmed", "Нарушение подтверждено"),
        ["NO_VIOLATION_FOUND"] = ("No violation found", "Нарушение не установлено"),
        ["ALREADY_RETURNED_HOME"] = ("Already returned home", "Уже вернулся на родину"),
        ["STATUS_REGULARISED"] = ("Status regularised", "Статус урегулирован"),
        ["INADMISSIBLE"] = ("Inadmissible", "Неприемлемо"),
        ["WITHDRAWN"] = ("Withdrawn", "Отозвано"),
        ["REFERRED_ELSEWHERE"] = ("Referred elsewhere", "Передано в другой орган"),
        ["EXPULSION_ORDER"] = ("Expulsion order", "Решение о выдворении"),
        ["DEPORTATION"] = ("Deportation", "Депортация"),
        ["ENTRY_BAN"] = ("Entry ban", "Запрет въезда"),
        ["REGISTRY_PLACEMENT"] = ("Registry placement", "Включение в реестр"),
        ["DETENTION_PENDING_REMOVAL"] = ("Detention pending removal", "Содержание до выдворения"),
        ["SERVICE_DENIAL_MARRIAGE"] = ("Denied: marriage or divorce", "Отказ: брак или развод"),
        ["SERVICE_DENIAL_SCHOOL"] = ("Denied: school or kindergarten", "Отказ: школа или детский сад"),
        ["SERVICE_DENIAL_DRIVING"] = ("Denied: driving", "Отказ: вождение"),
        ["SERVICE_DENIAL_BANKING"] = ("Denied: banking", "Отказ: банковские услуги"),
        ["SERVICE_DENIAL_OTHER"] = ("Denied: other service", "Отказ: другая услуга"),
        ["SOJOURN_EXPIRED"] = ("Period of stay expired", "Истёк срок пребывания"),
        ["TEMPORARY_RESIDENCE_PERMIT_ENDED"] = ("Temporary residence permit ended", "Прекращено РВП"),
        ["STUDY_RESIDENCE_PERMIT_ENDED"] = ("Study residence permit ended", "Прекращено РВП для обучения"),
        ["PERMANENT_RESIDENCE_PERMIT_ENDED"] = ("Residence permit ended", "Прекращён вид на жительство"),
        ["WORK_PERMIT_ENDED"] = ("Work permit ended", "Прекращено разрешение на работу"),
        ["LABOR_CONTRACT_ENDED"] = ("Labour contract ended", "Прекращён трудовой договор"),
        ["SOJOURN_REDUCED"] = ("Period of stay reduced", "Сокращён срок пребывания"),
        ["ILLEGAL_BORDER_CROSSING"] = ("Illegal border crossing", "Незаконное пересечение границы"),
        ["CRIMINAL_CONVICTION"] = ("Criminal conviction", "Судимость"),
        ["RU"] = ("Russia", "Россия"),
        ["TJ"] = ("Tajikistan", "Таджикистан"),
        [ReviewFigures.NotRecorded] = ("Not recorded", "Не указано"),
        ["0-7"] = ("0–7 days", "0–7 дней"),
        ["8-30"] = ("8–30 days", "8–30 дней"),
        ["31-60"] = ("31–60 days", "31–60 дней"),
        ["61-90"] = ("61–90 days", "61–90 дней"),
        ["91-180"] = ("91–180 days", "91–180 дней"),
        ["181+"] = ("over 180 days", "более 180 дней"),
        ["ESCALATED"] = ("Escalated", "Эскалировано"),
        ["OPEN_LONG"] = ("Open long", "Долго открыто"),
        ["ESCALATED;OPEN_LONG"] = ("Escalated, open long", "Эскалировано, долго открыто"),
        ["DECISION"] = ("Decision", "Решение"),
        ["ORDER"] = ("Order", "Постановление"),
        ["IDENTITY_DOCUMENT"] = ("Identity document", "Документ, удостоверяющий личность"),
        ["TRAVEL_PROOF"] = ("Proof of travel", "Подтверждение поездки"),
        ["CORRESPONDENCE"] = ("Correspondence", "Переписка"),
        ["STATEMENT"] = ("Statement", "Заявление"),
        ["PHOTO"] = ("Photograph", "Фотография"),
        ["OTHER"] = ("Other", "Другое"),
    };

    /// <summary>"English / Русский" for a code; a code without a translation (a region's name) as it is.</summary>
    public static string Of(string code) => Codes.TryGetValue(code, out var label) ? $"{label.En} / {label.Ru}" : code;

    /// <summary>"English {code} / Русский {code}": a bilingual text around a code's label in each language.</summary>
    public static string Around(string code, string english, string russian)
    {
        var (en, ru) = Codes.TryGetValue(code, out var label) ? label : (code, code);
        return $"{english}{en} / {russian}{ru}";
    }
}
