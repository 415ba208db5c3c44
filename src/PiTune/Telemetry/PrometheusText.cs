using System.Globalization;
using System.Text;

namespace PiTune.Telemetry;

/// <summary>
/// The pieces of the Prometheus text exposition format 0.0.4 that need care: escaping (HELP text: backslash and
/// newline; label values: backslash, double quote and newline) and numbers (culture-invariant, shortest form that
/// reads back to the same double, <c>+Inf</c>/<c>-Inf</c>/<c>NaN</c> as the format spells them).
/// </summary>
internal static class PrometheusText
{
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static void AppendHelp(StringBuilder text, string help)
    {
        foreach (char c in help)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    public static void AppendLabelValue(StringBuilder text, string value)
    {
        foreach (char c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    /// <summary><c>a="1",b="x"</c> from label pairs already in name order.</summary>
    public static string Labels(ReadOnlySpan<KeyValuePair<string, string>> sorted)
    {
        if (sorted.IsEmpty)
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (KeyValuePair<string, string> label in sorted)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(label.Key).Append("=\"");
            AppendLabelValue(text, label.Value);
            text.Append('"');
        }

        return text.ToString();
    }
}
