namespace CaseTracker.Server.Web;

/// <summary>The workspace's labels: <c>Labels.resx</c> (English), <c>Labels.ru.resx</c>, <c>Labels.tg.resx</c> beside this file.</summary>
public sealed class Labels;
