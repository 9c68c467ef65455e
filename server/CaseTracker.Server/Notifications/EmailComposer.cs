using System.Net;
using System.Text;
using CaseTracker.Server.Members;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CaseTracker.Server.Notifications;

/// <summary>
/// Writes the e-mail of one notification, or of one daily digest, in the recipient's language: plain text and a simple
/// HTML part with the same words, the case's reference and a link. The Message-ID is made from the notification (or
/// the digest's first notification and recipient), so a resend carries the same one and a mail system drops it.
/// </summary>
public sealed class EmailComposer(NotificationMapper mapper, IOptions<NotificationOptions> options)
{
    public string MessageId(IReadOnlyList<NotificationRecord> items) =>
        items is [var one] && !one.EmailDigest
            ? $"notification-{one.Sequence}@{options.Value.Smtp.MessageIdDomain}"
            : $"digest-{items[0].Sequence}.{items[0].RecipientParty}.{items[0].Recipient}@{options.Value.Smtp.MessageIdDomain}".ToLowerInvariant();

    public MimeMessage Compose(Member recipient, IReadOnlyList<NotificationRecord> items, DateTime now)
    {
        var words = NotificationTexts.Of(items[0].Language);
        var digest = items.Count > 1 || items[0].EmailDigest;
        var message = new MimeMessage
        {
            MessageId = MessageId(items),
            Date = new DateTimeOffset(now, TimeSpan.Zero),
            Subject = digest ? words.DigestSubject.Replace("{count}", items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal) : NotificationTexts.Title(items[0]),
        };
        message.From.Add(MailboxAddress.Parse(options.Value.Smtp.From));
        message.To.Add(new MailboxAddress(recipient.DisplayName, recipient.Email));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        if (digest)
        {
            text.AppendLine(words.DigestIntro).AppendLine();
            html.Append("<p>").Append(Encode(words.DigestIntro)).Append("</p>");
        }
        foreach (var n in items)
        {
            AppendText(text, words, n);
            AppendHtml(html, words, n);
        }
        text.AppendLine("-- ").AppendLine(words.Footer);
        html.Append("<p style=\"color:#666\">").Append(Encode(words.Footer)).Append("</p></body></html>");
        message.Body = new BodyBuilder { TextBody = text.ToString(), HtmlBody = html.ToString() }.ToMessageBody();
        return message;
    }

    private void AppendText(StringBuilder text, NotificationTexts.Words words, NotificationRecord n)
    {
        text.AppendLine(NotificationTexts.Title(n));
        foreach (var (label, value) in Lines(words, n))
        {
            text.Append(label).Append(": ").AppendLine(value);
        }
        text.AppendLine();
    }

    private void AppendHtml(StringBuilder html, NotificationTexts.Words words, NotificationRecord n)
    {
        html.Append("<h3>").Append(Encode(NotificationTexts.Title(n))).Append("</h3><table>");
        foreach (var (label, value) in Lines(words, n))
        {
            var cell = label == words.OpenLabel ? $"<a href=\"{Encode(value)}\">{Encode(value)}</a>" : Encode(value);
            html.Append("<tr><th align=\"left\">").Append(Encode(label)).Append("</th><td>").Append(cell).Append("</td></tr>");
        }
        html.Append("</table>");
    }

    private IEnumerable<(string Label, string Value)> Lines(NotificationTexts.Words words, NotificationRecord n)
    {
        if (n.CaseReference.Length > 0)
        {
            yield return (words.CaseLabel, n.CaseReference);
        }
        if (n.EventType is { } type)
        {
            yield return (words.EventLabel, $"{type} #{n.EventSequence}");
        }
        if (n.DueTime is not null)
        {
            yield return (words.DueLabel, mapper.DueLocal(n));
        }
        yield return (words.ExpectedLabel, NotificationTexts.Expected(n));
        yield return (words.OpenLabel, mapper.Link(n));
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
