using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace CaseTracker.Server.Web.Components.Shared;

/// <summary>An SVG <c>&lt;text&gt;</c> element (Razor reads that tag as its own inside code, so it is built here).</summary>
public sealed class SvgLabel : ComponentBase
{
    [Parameter] public double X { get; set; }
    [Parameter] public double Y { get; set; }
    [Parameter] public int Size { get; set; } = 14;
    [Parameter] public string Fill { get; set; } = "#1b1b1b";
    [Parameter] public string Text { get; set; } = string.Empty;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "text");
        builder.AddAttribute(1, "x", X.ToString(CultureInfo.InvariantCulture));
        builder.AddAttribute(2, "y", Y.ToString(CultureInfo.InvariantCulture));
        builder.AddAttribute(3, "font-size", Size.ToString(CultureInfo.InvariantCulture));
        builder.AddAttribute(4, "fill", Fill);
        builder.AddContent(5, Text);
        builder.CloseElement();
    }
}
