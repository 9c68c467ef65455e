using System.Globalization;
using System.Text;
using System.Xml;

namespace CaseTracker.Server.Reviews;

/// <summary>
/// <c>report.html</c>: one self-contained page (no scripts, fonts or images from anywhere), well-formed XHTML
/// so any XML parser reads it too, printable, with inline SVG bar charts and labels in English, Russian and Tajik (<see cref="ReviewLabels"/>).
/// </summary>
public static class ReviewReport
{
    private const string Html = "http://www.w3.org/1999/xhtml";
    private const string Svg = "http://www.w3.org/2000/svg";
    private static readonly string[] Colours = ["#1f5f8b", "#c8553d", "#6a994e"];

    /// <summary>The ID of every chart the report holds, in order.</summary>
    public static readonly string[] ChartIds =
    [
        "cases-by-stage", "opened-closed-by-week", "outcomes", "by-enforcement-action", "by-registry-ground", "delisting-wait",
        "by-region", "ageing", "deadlines-by-owing-party", "documents-by-kind",
    ];

    private const string Style = """
        body { font-family: sans-serif; color: #222; margin: 2em; max-width: 60em; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
        table { border-collapse: collapse; margin: 0.5em 0; }
        th, td { border: 1px solid #bbb; padding: 0.2em 0.6em; text-align: left; }
        td.n { text-align: right; }
        td.ref, th.ref { white-space: nowrap; }
        svg { max-width: 100%; height: auto; }
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
        WriteDiscussion(writer, discussion, figures.DiscussionAfterDays);
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
        writer.WriteElementString("title", ReviewLabels.Text("title", info.Month));
        writer.WriteElementString("style", Style);
        writer.WriteEndElement();

        var partyKeys = string.Join(", ", info.PartyPseudonymKeyIds.Select(k => $"{k.Key} {k.Value}"));
        var calendarVersions = string.Join(", ", info.CalendarVersions.Select(c => $"{c.Key} {c.Value}"));
        writer.WriteStartElement("body");
        writer.WriteElementString("h1", ReviewLabels.Text("heading", info.Month));
        foreach (var line in ReviewLabels.Lines("meta.period",
            info.PeriodStart.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), info.PeriodEnd.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            info.TimeZone, info.AsOfSequence, info.AsOfHash, info.CodeListVersion, calendarVersions)
            .Concat(ReviewLabels.Lines("meta.pseudonyms", info.PseudonymKeyId, partyKeys)))
        {
            Paragraph(writer, "meta", line);
        }
    }

    private static void WriteKeyFigures(XmlWriter writer, ReviewFigures figures)
    {
        writer.WriteElementString("h2", ReviewLabels.Text("figures.heading"));
        Table(writer, [ReviewLabels.Text("figures.figure"), ReviewLabels.Text("figures.count")],
        [
            [ReviewLabels.Text("figures.active"), Number(figures.ActiveCases)],
            [ReviewLabels.Text("figures.open_at_start"), Number(figures.OpenAtStart)],
            [ReviewLabels.Text("figures.opened"), Number(figures.Opened)],
            [ReviewLabels.Text("figures.closed"), Number(figures.Closed)],
            [ReviewLabels.Text("figures.reopened"), Number(figures.Reopened)],
            [ReviewLabels.Text("figures.open_at_end"), Number(figures.OpenAtEnd)],
            [ReviewLabels.Text("figures.warnings"), Number(figures.Warnings.Total)],
            [ReviewLabels.Text("figures.breaches"), Number(figures.Breaches.Total)],
            [ReviewLabels.Text("figures.co_chairs"), Number(figures.CoChairEscalations.Total)],
            [ReviewLabels.Text("figures.for_discussion"), Number(figures.ForDiscussion)],
            [ReviewLabels.Text("figures.excluded"), Number(figures.ExcludedByConsent)],
            .. figures.DisclosuresByCallerParty.Rows().Select(r => (string[])
                [ReviewLabels.Text("figures.disclosures", ReviewLabels.CodeIn(r.Key)), Number(r.Count)]),
            [ReviewLabels.Text("figures.documents"), Number(figures.DocumentsByKind.Total)],
            [ReviewLabels.Text("figures.cases_with_documents"), Number(figures.DocumentsByCase.Rows().Count)],
            [ReviewLabels.Text("figures.registry_listings"), Number(figures.RegistryListings)],
            [ReviewLabels.Text("figures.registry_delistings"), Number(figures.RegistryDelistings)],
            [ReviewLabels.Text("figures.remedy_delistings"), Number(figures.RemedyDelistings)],
            [ReviewLabels.Text("figures.mean_days_to_delisting"), figures.MeanDaysToDelisting.ToString("0.0", CultureInfo.InvariantCulture)],
        ], numericColumn: 1);
    }

    private static void WriteCharts(XmlWriter writer, ReviewFigures figures)
    {
        string[] cases = [ReviewLabels.Text("series.cases")];
        Chart(writer, "cases-by-stage", cases, Single(figures.ByStage));
        Chart(writer, "opened-closed-by-week", [ReviewLabels.Text("series.opened"), ReviewLabels.Text("series.closed")],
            [.. figures.Weeks.Select(w => (WeekLabel(w), new[] { w.Opened, w.Closed }))]);
        Chart(writer, "outcomes", cases, Single(figures.Outcomes));
        Chart(writer, "by-enforcement-action", cases, Single(figures.ByEnforcementAction));
        Chart(writer, "by-registry-ground", [ReviewLabels.Text("series.placements")], Single(figures.ByRegistryGround));
        Chart(writer, "delisting-wait", [ReviewLabels.Text("series.delistings")], Single(figures.DaysToDelisting));
        Chart(writer, "by-region", cases, Single(figures.ByRegion));
        Chart(writer, "ageing", cases, Single(figures.Ageing));
        Chart(writer, "deadlines-by-owing-party",
            [ReviewLabels.Text("series.warnings"), ReviewLabels.Text("series.breaches"), ReviewLabels.Text("series.co_chairs")],
            [.. figures.Warnings.Rows().Select(r => (ReviewLabels.CodeLines(r.Key), new[] { r.Count, figures.Breaches[r.Key], figures.CoChairEscalations[r.Key] }))]);
        Chart(writer, "documents-by-kind", [ReviewLabels.Text("series.documents")], Single(figures.DocumentsByKind));
        WriteDocumentsByCase(writer, figures);
    }

    /// <summary>The documents filed per case: references and counts only, never a title or content.</summary>
    private static void WriteDocumentsByCase(XmlWriter writer, ReviewFigures figures)
    {
        writer.WriteElementString("h2", ReviewLabels.Text("documents.heading"));
        Table(writer, [ReviewLabels.Text("documents.case"), ReviewLabels.Text("documents.count")],
            [.. figures.DocumentsByCase.Rows().Select(r => (string[])[r.Key, Number(r.Count)])], numericColumn: 1);
    }

    /// <summary>"01.10–04.10", and for a week cut by the month's start or end how many of its days the month holds.</summary>
    private static IReadOnlyList<string> WeekLabel(WeekFigures week)
    {
        var dates = $"{week.From:dd.MM}–{week.To:dd.MM}";
        return week.IsPartial ? [dates, .. ReviewLabels.Lines("week.partial", week.Days)] : [dates];
    }

    private static void WriteDiscussion(XmlWriter writer, IEnumerable<DiscussionItem> discussion, int openLongAfterDays)
    {
        writer.WriteElementString("h2", ReviewLabels.Text("discussion.heading"));
        writer.WriteStartElement("table");
        writer.WriteAttributeString("id", "cases-for-discussion");
        Row(writer, "th", [ReviewLabels.Text("discussion.reference"), ReviewLabels.Text("discussion.stage"), ReviewLabels.Text("discussion.days"),
            ReviewLabels.Text("discussion.filed_by"), ReviewLabels.Text("discussion.why"), ReviewLabels.Text("discussion.breaches")], -1);
        foreach (var item in discussion)
        {
            Row(writer, "td", [item.Reference, ReviewLabels.Of(item.Stage), Number(item.AgeDays), ReviewLabels.Of(item.FilingParty),
                string.Join('\n', ReviewLabels.Languages.Select(language => Why(language, item, openLongAfterDays)).Distinct(StringComparer.Ordinal)),
                Number(item.Breaches)], numericColumn: 2, referenceColumn: 0);
        }
        writer.WriteEndElement();
    }

    /// <summary>Why a case is on the list, in one language: "Escalated: deadline breached, to the co-chairs; Awaiting Russia for 5 days".</summary>
    private static string Why(string language, DiscussionItem item, int openLongAfterDays)
    {
        var reason = item.Reason;
        var parts = new List<string>();
        if (reason.Escalated)
        {
            parts.Add(Format(language, "reason.ESCALATED", string.Join(", ", reason.EscalationSteps.Select(step => ReviewLabels.In(language, $"reason.{step}")))));
        }
        if (reason.OpenLong)
        {
            parts.Add(Format(language, "reason.OPEN_LONG", item.AgeDays, openLongAfterDays));
        }
        if (reason.AwaitingParty.Length > 0)
        {
            parts.Add(Format(language, "reason.AWAITING_PARTY", ReviewLabels.In(language, $"reason.awaiting.{reason.AwaitingParty}") ?? reason.AwaitingParty, reason.AwaitingDays));
        }
        return string.Join("; ", parts);
    }

    private static string Format(string language, string key, params object?[] arguments) =>
        string.Format(CultureInfo.InvariantCulture, ReviewLabels.In(language, key) ?? key, arguments);

    private static void WriteSignOff(XmlWriter writer)
    {
        writer.WriteElementString("h2", ReviewLabels.Text("signoff.heading"));
        Paragraph(writer, "meta", ReviewLabels.Text("signoff.note"));
        writer.WriteStartElement("table");
        writer.WriteAttributeString("class", "signatures");
        Row(writer, "th", [ReviewLabels.Text("signoff.ru"), ReviewLabels.Text("signoff.tj")], -1);
        Row(writer, "td", [string.Empty, string.Empty], -1);
        writer.WriteEndElement();
    }

    private static List<(IReadOnlyList<string>, long[])> Single(Tally tally) => [.. tally.Rows().Select(r => (ReviewLabels.CodeLines(r.Key), new[] { r.Count }))];

    /// <summary>
    /// A horizontal bar chart titled by its ID's label: one row per category, its label a line per language,
    /// one bar per series. The label column is as wide as the longest line, so no label runs into a bar.
    /// </summary>
    private static void Chart(XmlWriter writer, string id, string[] series, IReadOnlyList<(IReadOnlyList<string> Label, long[] Values)> rows)
    {
        const int barWidth = 300, barHeight = 14, lineHeight = 14, gap = 8;
        var title = ReviewLabels.Text($"chart.{id}");
        var longestLine = rows.SelectMany(r => r.Label).Select(l => l.Length).DefaultIfEmpty(10).Max();
        var labelWidth = Math.Clamp((int)Math.Ceiling(longestLine * 6.8) + 16, 160, 900);
        var width = labelWidth + barWidth + 70;
        var legendHeight = series.Length > 1 ? (series.Length * 18) + 4 : 0;
        var max = Math.Max(1, rows.SelectMany(r => r.Values).DefaultIfEmpty(0).Max());
        var heights = rows.Select(r => Math.Max(barHeight * series.Length, lineHeight * r.Label.Count) + gap).ToList();
        var height = legendHeight + gap + Math.Max(barHeight + gap, heights.Sum());

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
            var y = 4 + (s * 18);
            Rect(writer, 10, y, 12, 12, Colours[s]);
            Text(writer, 26, y + 10, [series[s]], "start");
        }
        var top = legendHeight + gap;
        for (var r = 0; r < rows.Count; r++)
        {
            var (label, values) = rows[r];
            var labelTop = top + ((heights[r] - gap - (lineHeight * label.Count)) / 2) + lineHeight - 3;
            Text(writer, labelWidth - 8, labelTop, label, "end");
            var barsTop = top + ((heights[r] - gap - (barHeight * series.Length)) / 2);
            for (var s = 0; s < series.Length; s++)
            {
                var value = values[s];
                var length = (int)Math.Round((double)value / max * barWidth);
                var y = barsTop + (s * barHeight);
                Rect(writer, labelWidth, y, Math.Max(length, value > 0 ? 1 : 0), barHeight - 2, Colours[s]);
                Text(writer, labelWidth + length + 6, y + barHeight - 4, [Number(value)], "start");
            }
            top += heights[r];
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

    /// <summary>A text of one or more lines (one per language), the first line's baseline at <paramref name="y"/>.</summary>
    private static void Text(XmlWriter writer, int x, int y, IReadOnlyList<string> lines, string anchor)
    {
        writer.WriteStartElement("text", Svg);
        writer.WriteAttributeString("x", Number(x));
        writer.WriteAttributeString("y", Number(y));
        writer.WriteAttributeString("text-anchor", anchor);
        if (lines.Count == 1)
        {
            writer.WriteString(lines[0]);
        }
        else
        {
            for (var i = 0; i < lines.Count; i++)
            {
                writer.WriteStartElement("tspan", Svg);
                writer.WriteAttributeString("x", Number(x));
                writer.WriteAttributeString("dy", i == 0 ? "0" : "14");
                writer.WriteString(lines[i]);
                writer.WriteEndElement();
            }
        }
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

    /// <summary>A table row; a value of several lines (one per language) is broken with <c>br</c>; a reference never wraps.</summary>
    private static void Row(XmlWriter writer, string cell, string[] values, int numericColumn, int referenceColumn = -1)
    {
        writer.WriteStartElement("tr");
        for (var i = 0; i < values.Length; i++)
        {
            writer.WriteStartElement(cell);
            if (i == numericColumn || i == referenceColumn)
            {
                writer.WriteAttributeString("class", i == numericColumn ? "n" : "ref");
            }
            var lines = values[i].Split('\n');
            for (var l = 0; l < lines.Length; l++)
            {
                if (l > 0)
                {
                    writer.WriteStartElement("br");
                    writer.WriteEndElement();
                }
                writer.WriteString(lines[l]);
            }
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
