using CaseTracker.Cli;

namespace CaseTracker.Tests.Cli;

/// <summary>The command line's pattern check for passport and phone numbers in free text.</summary>
public sealed class PersonalDataInTextTests
{
    [Theory]
    [InlineData("Passport AB7712345 seen at the border.", "a passport number")]
    [InlineData("Her passport is 400123456.", "a passport number")]
    [InlineData("Russian passport 45 01 123456 was kept.", "a passport number")]
    [InlineData("Паспорт АВ 1234567 изъят.", "a passport number")]
    [InlineData("Call the brother on +992 90 555 0199 after six.", "a phone number")]
    [InlineData("Мобильный 8 (916) 123-45-67", "a phone number")]
    [InlineData("Reached on 79161234567", "a phone number")]
    public void Find_TextWithAPassportOrPhoneNumber_SaysWhichItLooksLike(string text, string expected) =>
        Assert.Equal(expected, PersonalDataInText.Find(text));

    [Theory]
    [InlineData("Spoke to the family; the exit stamp is photographed.")]
    [InlineData("Returned to Dushanbe in 2024; the daughter was refused a school place.")]
    [InlineData("Same person as TF-2026-000123 and cases/tf-2026-000001.")]
    [InlineData("Decision of 2024-05-01 12:30, hearing on 01.06.2024 at 10:00, file 15/2024.")]
    [InlineData("Fined 5000 roubles under article 18.8, part 3.")]
    [InlineData("")]
    public void Find_OrdinaryCaseworkText_FindsNothing(string text) => Assert.Null(PersonalDataInText.Find(text));
}
