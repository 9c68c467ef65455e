using CaseTracker.Server.Reconciliation;

namespace CaseTracker.Tests.Reconciliation;

/// <summary>The reconciliation's domain enums carry the contract's numbers: what the tables have always stored.</summary>
public sealed class ReconciliationVocabularyTests
{
    private static List<(string Name, int Number)> Values<TEnum>() where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Where(v => Convert.ToInt32(v) != 0).Select(v => (v.ToString(), Convert.ToInt32(v)))];

    [Fact]
    public void DomainEnums_HaveTheContractsNamesAndNumbers()
    {
        Assert.Equal(Values<V1.ReconciliationOutcome>(), Values<ReconciliationOutcome>());
        Assert.Equal(Values<V1.PersonListKind>(), Values<PersonListKind>());
        Assert.Equal(Values<V1.MatchDecision>(), Values<ReviewerDecision>());
    }

    [Theory]
    [InlineData("Раҳмонов Фарруҳ", NameScript.Tajik)]
    [InlineData("ҚОДИРОВ СИНО", NameScript.Tajik)]
    [InlineData("Рахмонов Фаррух", NameScript.Russian)]
    [InlineData("Алиев Ёдгор", NameScript.Russian)]
    [InlineData("RAKHMONOV FARRUKH", NameScript.Latin)]
    [InlineData("", NameScript.Latin)]
    public void NameScripts_TellTajikFromRussianFromLatin(string name, NameScript expected) =>
        Assert.Equal(expected, NameScripts.Of(name));
}
