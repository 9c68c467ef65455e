using System.Xml;

namespace CaseTracker.Tests.Reviews;

/// <summary>A review's <c>report.html</c> read as the XML it is, with the XHTML (<c>h</c>) and SVG (<c>svg</c>) prefixes.</summary>
public static class ReportDocument
{
    public static XmlDocument Load(string directory)
    {
        var document = new XmlDocument();
        using var reader = XmlReader.Create(Path.Combine(directory, "report.html"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        document.Load(reader);
        return document;
    }

    public static XmlNamespaceManager Namespaces(XmlDocument document)
    {
        var namespaces = new XmlNamespaceManager(document.NameTable);
        namespaces.AddNamespace("h", "http://www.w3.org/1999/xhtml");
        namespaces.AddNamespace("svg", "http://www.w3.org/2000/svg");
        return namespaces;
    }
}
