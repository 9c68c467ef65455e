using System.CommandLine;
using CaseTracker.Cli.Output;
using CaseTracker.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace CaseTracker.Cli.Commands;

/// <summary><c>members</c>: the task force's roster — who is told what they must act on, in which language.</summary>
public sealed class MemberCommands(CliSession session)
{
    private readonly Argument<string> _id = new("user-id") { Description = "The member's user ID: the subject of their tokens (tj.karimova)." };
    private readonly Option<string?> _party = new("--party") { Description = "RU or TJ: the roster to change; your own party's when left out." };
    private readonly Option<string?> _role = new("--role") { Description = "investigator, supervisor, co-chair, ministry-system, auditor." };
    private readonly Option<string?> _name = new("--name") { Description = "The name colleagues see." };
    private readonly Option<string?> _email = new("--email") { Description = "Where e-mail goes; empty for the inbox only." };
    private readonly Option<string?> _language = new("--language") { Description = "russian, tajik or english." };
    private readonly Option<string?> _delivery = new("--email-delivery") { Description = "immediate or daily-digest." };

    private CliPrinter Printer => session.Printer;

    public IEnumerable<Command> Commands() => [new Command("members", "The task force's roster.") { List(), Add(), Update() }];

    private Command List()
    {
        var party = new Option<string?>("--party") { Description = "RU or TJ; both when left out." };
        var all = new Option<bool>("--all") { Description = "Inactive members too." };
        var command = new Command("list", "List the roster, by party and user ID.") { party, all };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var members = new List<Member>();
            var request = new ListMembersRequest
            {
                Parent = $"parties/{(result.GetValue(party) is { } p ? EnumText.Short(EnumText.Parse<Party>(p)) : "-")}",
                ShowInactive = result.GetValue(all),
                PageSize = 500,
            };
            do
            {
                var page = await client.Members.ListMembersAsync(request);
                members.AddRange(page.Members);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            if (!await Printer.TryPrintJsonAsync(result, members))
            {
                Printer.WriteTable(members, ["Member", "Party", "Role", "Name", "E-mail", "Language", "E-mail delivery", "Active"], m =>
                    [Markup.Escape(m.UserId), EnumText.Short(m.Party), EnumText.Short(m.Role), Markup.Escape(m.DisplayName), Markup.Escape(m.Email),
                     EnumText.Short(m.Language), EnumText.Short(m.EmailDelivery), m.Active ? "yes" : "no"]);
            }
            return ExitCodes.Success;
        });
    }

    private Command Add()
    {
        var command = new Command("add", "Add a member to your party's roster (supervisors and co-chairs).") { _id, _party, _role, _name, _email, _language, _delivery };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var member = new Member
            {
                Role = EnumText.Parse<Role>(Required(result, _role)),
                DisplayName = session.Checked("--name", Required(result, _name)),
                Email = result.GetValue(_email) ?? string.Empty,
                Language = EnumText.Parse<Language>(Required(result, _language)),
                Active = true,
                EmailDelivery = result.GetValue(_delivery) is { } d ? EnumText.Parse<EmailDelivery>(d) : EmailDelivery.Immediate,
            };
            var created = await client.Members.CreateMemberAsync(new CreateMemberRequest { Parent = $"parties/{PartyOf(result)}", MemberId = result.GetValue(_id)!, Member = member });
            await Printer.PrintAsync(result, created, $"added {created.Name}");
            return ExitCodes.Success;
        });
    }

    private Command Update()
    {
        var active = new Option<bool?>("--active") { Description = "true or false: whether the member is notified." };
        var command = new Command("update", "Change a member of your party's roster; only the options given change.") { _id, _party, _role, _name, _email, _language, _delivery, active };
        return session.WithConnectedAction(command, async (result, client) =>
        {
            var member = new Member { Name = $"parties/{PartyOf(result)}/members/{result.GetValue(_id)}" };
            var mask = new FieldMask();
            if (result.GetValue(_role) is { } role)
            {
                member.Role = EnumText.Parse<Role>(role);
                mask.Paths.Add("role");
            }
            if (result.GetValue(_name) is { } name)
            {
                member.DisplayName = session.Checked("--name", name);
                mask.Paths.Add("display_name");
            }
            if (result.GetValue(_email) is { } email)
            {
                member.Email = email;
                mask.Paths.Add("email");
            }
            if (result.GetValue(_language) is { } language)
            {
                member.Language = EnumText.Parse<Language>(language);
                mask.Paths.Add("language");
            }
            if (result.GetValue(_delivery) is { } delivery)
            {
                member.EmailDelivery = EnumText.Parse<EmailDelivery>(delivery);
                mask.Paths.Add("email_delivery");
            }
            if (result.GetValue(active) is { } isActive)
            {
                member.Active = isActive;
                mask.Paths.Add("active");
            }
            if (mask.Paths.Count == 0)
            {
                throw new CliUsageException("say what to change: --role, --name, --email, --language, --email-delivery or --active");
            }
            var updated = await client.Members.UpdateMemberAsync(new UpdateMemberRequest { Member = member, UpdateMask = mask });
            await Printer.PrintAsync(result, updated, $"updated {updated.Name}");
            return ExitCodes.Success;
        });
    }

    private string PartyOf(ParseResult result) =>
        result.GetValue(_party) is { } party ? EnumText.Short(EnumText.Parse<Party>(party)) : TokenIdentity.Of(session.RequireLogin().Token).Party;

    private static string Required(ParseResult result, Option<string?> option) =>
        result.GetValue(option) is { Length: > 0 } value ? value : throw new CliUsageException($"{option.Name} is required");
}
