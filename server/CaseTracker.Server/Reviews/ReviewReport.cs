using System.Globalization;
using System.Text;
using System.Xml;

namespace CaseTracker.Server.Reviews;

/// <summary>A case on the list for discussion, as the report and the summary show it.</summary>
public sealed record DiscussionItem(string Reference, string Stage, int AgeDays, string FilingParty, string Reason, int Breaches)
{
    public string ToLine() => string.Join('\t', Reference, Stage, AgeDays.ToString(CultureInfo.InvariantCulture), FilingParty, Reason, Breaches.ToString(CultureInfo.InvariantCulture));

    public static DiscussionItem FromLine(string line)
    {
        var cells = line.Split('\t');
        return new DiscussionItem(cells[0], cells[1], int.Parse(cells[2], CultureInfo.InvariantCulture), cells[3], cells[4], int.Parse(cells[5], CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// <c>report.html</c>: one self-contained page (no scripts, fonts or images from anywhere), well-formed XHTML
/// so any XML parser reads it too, printable, with inline SVG bar charts and labels in English and Russian.
/// </summary>
public static class ReviewReport
{
    private const string Html = "http://www.w3.org/1999/xhtml";
    private const string Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Colours = ["#1f5f8b", "#c8553d", "#6a994e"];

    /// <summary>The ID of every chart the report holds, in order.</summary>
    public static readonly string[] ChartIds =
    [
        "cases-by-stage", "opened-closed-by-week", "outcomes", "by-enforcement-action", "by-registry-ground",
        "by-region", "ageing", "deadlines-by-owing-party", "documents-by-kind",
    ];

    private const string Style = """
        body { font-family: sans-serif; color: #222; margin: 2em; max-width: 60em; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
        table { border-collapse: collapse; margin: 0.5em 0; }
        th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; }
        td.n { text-align: right; }
        .meta { color: #555; font-size: 0.9em; }
        section.chart { page-break-inside: avoid; break-inside: avoid; }
        .signatures td { height: 3em; min-width: 18em; }
        @media print { body { margin: 0; } }
        """;

    public static void Write(string path, ReviewManifestInfo info, ReviewFigures figures, IEnumerable<DiscussionItem> discussion)
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            OmitXmlDeclaration = true,
            Indent = true,
            NewLineChars = "\n",
        };
        using var writer = XmlWriter.Create(path, settings);
        WriteHead(writer, info);
        WriteKeyFigures(writer, figures);
        WriteCharts(writer, figures);
        WriteDiscussion(writer, discussion);
        WriteSignOff(writer);
        writer.WriteEndElement(); // body
        writer.WriteEndElement(); // html
    }

    /// <summary>Opens the document and its body: the title, and what the review is of (period, as-of event, code lists, calendars).</summary>
    private static void WriteHead(XmlWriter writer, ReviewManifestInfo info)
    {
        writer.WriteDocType("html", null, null, null);
        writer.WriteStartElement("html", Html);
        writer.WriteAttributeString("lang", "en");
        writer.WriteStartElement("head");
        writer.WriteStartElement("meta");
        writer.WriteAttributeString("charset", "utf-8");
        writer.WriteEndElement();
        writer.WriteElementString("title", $"Monthly joint case review {info.Month} / Ежемесячный совместный обзор дел {info.Month}");
        writer.WriteElementString("style", Style);
        writer.WriteEndElement();

        var partyKeys = string.Join(", ", info.PartyPseudonymKeyIds.Select(k => $"{k.Key} {k.Value}"));
        writer.WriteStartElement("body");
        writer.WriteElementString("h1", $"Monthly joint case review — {info.Month} / Ежемесячный совместный обзор дел — {info.Month}");
        Paragraph(writer, "meta",
            $"Period / Период: {info.PeriodStart:yyyy-MM-dd HH:mm} – {info.PeriodEnd:yyyy-MM-dd HH:mm} UTC ({info.TimeZone}). " +
            $"As of event / По состоянию на событие № {info.AsOfSequence} ({info.AsOfHash}). " +
            $"Code lists / Справочники: {info.CodeListVersion}. Calendars / Календари: {string.Join(", ", info.CalendarVersions.Select(c => $"{c.Key} {c.Value}"))}. " +
            $"Subjects appear only as pseudonyms (joint key {info.PseudonymKeyId}, party keys {partyKeys}) / " +
            $"Субъекты указаны только псевдонимами (общий ключ {info.PseudonymKeyId}, ключи сторон {partyKeys}).");
    }

    private static void WriteKeyFigures(XmlWriter writer, ReviewFigures figures)
    {
        writer.WriteElementString("h2", "Key figures / Основные показатели");
        Table(writer, ["Figure / Показатель", "Count / Количество"],
        [
            ["Cases active in the month / Дела, активные в месяце", Number(figures.ActiveCases)],
            ["Open at the start / Открыто на начало", Number(figures.OpenAtStart)],
            ["Opened / Открыто", Number(figures.Opened)],
            ["Closed / Закрыто", Number(figures.Closed)],
            ["Reopened / Возобновлено", Number(figures.Reopened)],
            ["Open at the end / Открыто на конец", Number(figures.OpenAtEnd)],
            ["Deadline warnings / Предупреждения о сроках", Number(figures.Warnings.Total)],
            ["Deadline breaches / Нарушения сроков", Number(figures.Breaches.Total)],
            ["Escalations to co-chairs / Эскалации сопредседателям", Number(figures.CoChairEscalations.Total)],
            ["Cases for discussion / Дела для обсуждения", Number(figures.ForDiscussion)],
            ["Left out at the subject's request / Исключено по просьбе субъекта", Number(figures.ExcludedByConsent)],
            .. figures.DisclosuresByCallerParty.Rows().Select(r => (string[])
                [ReviewLabels.Around(r.Key, "Personal data disclosures to ", "Раскрытия персональных данных: "), Number(r.Count)]),
            ["Documents filed / Подано документов", Number(figures.DocumentsByKind.Total)],
            ["Cases with documents filed / Дела с поданными документами", Number(figures.DocumentsByCase.Rows().Count)],
        ], numericColumn: 1);
    }

    private static void WriteCharts(XmlWriter writer, ReviewFigures figures)
    {
        Chart(writer, "cases-by-stage", "Cases by stage at the end of the month / Дела по стадиям на конец месяца", ["Cases / Дела"], Single(figures.ByStage));
        Chart(writer, "opened-closed-by-week", "Opened and closed per week / Открыто и закрыто по неделям", ["Opened / Открыто", "Closed / Закрыто"],
            [.. figures.Weeks.Select(w => ($"{w.From:dd.MM}–{w.To:dd.MM}", new[] { w.Opened, w.Closed }))]);
        Chart(writer, "outcomes", "Outcomes of cases closed in the month / Итоги закрытых в месяце дел", ["Cases / Дела"], Single(figures.Outcomes));
        Chart(writer, "by-enforcement-action", "By enforcement action / По мерам принуждения", ["Cases / Дела"], Single(figures.ByEnforcementAction));
        Chart(writer, "by-registry-ground", "By registry ground / По основаниям включения в реестр", ["Cases / Дела"], Single(figures.ByRegistryGround));
        Chart(writer, "by-region", "By region / По регионам", ["Cases / Дела"], Single(figures.ByRegion));
        Chart(writer, "ageing", "Age of cases open at the end of the month / Возраст открытых на конец месяца дел", ["Cases / Дела"], Single(figures.Ageing));
        Chart(writer, "deadlines-by-owing-party", "Deadline warnings, breaches and escalations by owing party / Предупреждения, нарушения сроков и эскалации по ответственной стороне",
            ["Warnings / Предупреждения", "Breaches / Нарушения", "To co-chairs / Сопредседателям"],
            [.. figures.Warnings.Rows().Select(r => (ReviewLabels.Of(r.Key), new[] { r.Count, figures.Breaches[r.Key], figures.CoChairEscalations[r.Key] }))]);
        Chart(writer, "documents-by-kind", "Documents filed in the month by kind / Документы, поданные в месяце, по видам", ["Documents / Документы"], Single(figures.DocumentsByKind));
        WriteDocumentsByCase(writer, figures);
    }

    /// <summary>The documents filed per case: references and counts only, never a title or content.</summary>
    private static void WriteDocumentsByCase(XmlWriter writer, ReviewFigures figures)
    {
        writer.WriteElementString("h2", "Documents filed per case / Документы по делам");
        Table(writer, ["Case / Дело", "Documents / Документы"],
            [.. figures.DocumentsByCase.Rows().Select(r => (string[])[r.Key, Number(r.Count)])], numericColumn: 1);
    }

    private static void WriteDiscussion(XmlWriter writer, IEnumerable<DiscussionItem> discussion)
    {
        writer.WriteElementString("h2", "Cases for discussion / Дела для обсуждения");
        writer.WriteStartElement("table");
        writer.WriteAttributeString("id", "cases-for-discussion");
        Row(writer, "th", ["Reference / Номер", "Stage / Стадия", "Age, days / Возраст, дней", "Filed by / Подано", "Why / Причина", "Breaches / Нарушения"], -1);
        foreach (var item in discussion)
        {
            Row(writer, "td", [item.Reference, ReviewLabels.Of(item.Stage), Number(item.AgeDays), ReviewLabels.Of(item.FilingParty), ReviewLabels.Of(item.Reason), Number(item.Breaches)], 2);
        }
        writer.WriteEndElement();
    }

    private static void WriteSignOff(XmlWriter writer)
    {
        writer.WriteElementString("h2", "Sign-off / Подписание");
        Paragraph(writer, "meta", "Signatures cover manifest.json, which lists the SHA-256 of this report. / Подписи относятся к manifest.json, где указан SHA-256 этого отчёта.");
        writer.WriteStartElement("table");
        writer.WriteAttributeString("class", "signatures");
        Row(writer, "th", ["For the Russian Federation / За Российскую Федерацию", "For the Republic of Tajikistan / За Республику Таджикистан"], -1);
        Row(writer, "td", [string.Empty, string.Empty], -1);
        writer.WriteEndElement();
    }

    private static List<(string, long[])> Single(Tally tally) => [.. tally.Rows().Select(r => (ReviewLabels.Of(r.Key), new[] { r.Count }))];

    /// <summary>A horizontal bar chart: one row per category, one bar per series.</summary>
    private static void Chart(XmlWriter writer, string id, string title, string[] series, IReadOnlyList<(string Label, long[] Values)> rows)
    {
        const int labelWidth = 430, barWidth = 300, barHeight = 14, gap = 8, width = labelWidth + barWidth + 70;
        var legendHeight = series.Length > 1 ? 22 : 0;
        var rowHeight = (barHeight * series.Length) + gap;
        var height = legendHeight + Math.Max(1, rows.Count) * rowHeight + gap;
        var max = Math.Max(1, rows.SelectMany(r => r.Values).DefaultIfEmpty(0).Max());

        writer.WriteStartElement("section");
        writer.WriteAttributeString("class", "chart");
        writer.WriteElementString("h2", title);
        writer.WriteStartElement("svg", Svg);
        writer.WriteAttributeString("id", id);
        writer.WriteAttributeString("width", Number(width));
        writer.WriteAttributeString("height", Number(height));
        writer.WriteAttributeString("viewBox", $"0 0 {width} {height}");
        writer.WriteAttributeString("role", "img");
        writer.WriteAttributeString("aria-label", title);
        writer.WriteAttributeString("font-family", "sans-serif");
        writer.WriteAttributeString("font-size", "12");
        writer.WriteElementString("title", Svg, title);
        for (var s = 0; s < series.Length && series.Length > 1; s++)
        {
            var x = 10 + (s * 260);
            Rect(writer, x, 4, 12, 12, Colours[s]);
            Text(writer, x + 16, 14, series[s], "start");
        }
        for (var r = 0; r < rows.Count; r++)
        {
            var top = legendHeight + gap + (r * rowHeight);
            Text(writer, labelWidth - 8, top + (barHeight * series.Length / 2) + 4, rows[r].Label, "end");
            for (var s = 0; s < series.Length; s++)
            {
                var value = rows[r].Values[s];
                var length = (int)Math.Round((double)value / max * barWidth);
                var y = top + (s * barHeight);
                Rect(writer, labelWidth, y, Math.Max(length, value > 0 ? 1 : 0), barHeight - 2, Colours[s]);
                Text(writer, labelWidth + length + 6, y + barHeight - 4, Number(value), "start");
            }
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void Rect(XmlWriter writer, int x, int y, int width, int height, string fill)
    {
        writer.WriteStartElement("rect", Svg);
        writer.WriteAttributeString("x", Number(x));
        writer.WriteAttributeString("y", Number(y));
        writer.WriteAttributeString("width", Number(width));
        writer.WriteAttributeString("height", Number(height));
        writer.WriteAttributeString("fill", fill);
        writer.WriteEndElement();
    }

    private static void Text(XmlWriter writer, int x, int y, string text, string anchor)
    {
        writer.WriteStartElement("text", Svg);
        writer.WriteAttributeString("x", Number(x));
        writer.WriteAttributeString("y", Number(y));
        writer.WriteAttributeString("text-anchor", anchor);
        writer.WriteString(text);
        writer.WriteEndElement();
    }

    private static void Paragraph(XmlWriter writer, string cssClass, string text)
    {
        writer.WriteStartElement("p");
        writer.WriteAttributeString("class", cssClass);
        writer.WriteString(text);
        writer.WriteEndElement();
    }

    private static void Table(XmlWriter writer, string[] header, IEnumerable<string[]> rows, int numericColumn)
    {
        writer.WriteStartElement("table");
        Row(writer, "th", header, -1);
        foreach (var row in rows)
        {
            Row(writer, "td", row, numericColumn);
        }
        writer.WriteEndElement();
    }

    private static void Row(XmlWriter writer, string cell, string[] values, int numericColumn)
    {
        writer.WriteStartElement("tr");
        for (var i = 0; i < values.Length; i++)
        {
            writer.WriteStartElement(cell);
            if (i == numericColumn)
            {
                writer.WriteAttributeString("class", "n");
            }
            writer.WriteString(values[i]);
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
