using PiTune.Core.Memory;
using PiTune.Core.Priority;
using PiTune.Core.Thermal;
using PiTune.Hosting;
using PiTune.Inference.Models;
using PiTune.Simulation;

namespace PiTune.Configuration;

/// <summary>
/// Turns the configuration binder's .NET wording ("Failed to convert configuration value 'abc' at
/// 'Sampling:Interval' to type 'System.TimeSpan'") into what a Pi owner reads: "'abc' at 'Sampling:Interval' is not
/// a duration such as 00:00:01".
/// </summary>
internal static class ConfigProblemWords
{
    /// <summary>The choices of every enum an options class has, by the type's full name (as the binder names it).</summary>
    private static readonly Dictionary<string, string[]> EnumChoices = new(StringComparer.Ordinal)
    {
        [typeof(SwapOffMode).FullName!] = Enum.GetNames<SwapOffMode>(),
        [typeof(SchedulingPolicy).FullName!] = Enum.GetNames<SchedulingPolicy>(),
        [typeof(LogTarget).FullName!] = Enum.GetNames<LogTarget>(),
        [typeof(LoadProfile).FullName!] = Enum.GetNames<LoadProfile>(),
        [typeof(KickCondition).FullName!] = Enum.GetNames<KickCondition>(),
        [typeof(GraphOptimization).FullName!] = Enum.GetNames<GraphOptimization>(),
        [typeof(FanMode).FullName!] = Enum.GetNames<FanMode>(),
        [typeof(FanKind).FullName!] = Enum.GetNames<FanKind>(),
        [typeof(CurveInterpolation).FullName!] = Enum.GetNames<CurveInterpolation>(),
    };

    /// <summary>"'abc' at 'Sampling:Interval' is not a duration such as 00:00:01", from the binder's "to type '...'" text.</summary>
    public static string BadValue(string key, string value, string binderMessage, Exception? cause)
    {
        const string ToType = "to type '";
        int at = binderMessage.LastIndexOf(ToType, StringComparison.Ordinal);
        string type = at < 0 ? "" : binderMessage[(at + ToType.Length)..].TrimEnd('.', '\'');
        return $"'{value}' at '{key}' {What(type, IsOverflow(cause))}";
    }

    private static string What(string type, bool overflow)
    {
        // A Nullable`1[[System.Int32, ...]] names its inner type first.
        foreach ((string name, string[] choices) in EnumChoices)
        {
            if (type.Contains(name, StringComparison.Ordinal))
            {
                return $"is not one of {string.Join(", ", choices)}";
            }
        }

        return type switch
        {
            _ when type.Contains("System.TimeSpan", StringComparison.Ordinal) => "is not a duration such as 00:00:01",
            _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "is not true or false",
            _ when type.Contains("System.Double", StringComparison.Ordinal) || type.Contains("System.Single", StringComparison.Ordinal)
                || type.Contains("System.Decimal", StringComparison.Ordinal) => "is not a number",
            _ when type.Contains("System.Int", StringComparison.Ordinal) || type.Contains("System.UInt", StringComparison.Ordinal)
                || type.Contains("System.Byte", StringComparison.Ordinal) => overflow ? "is too large a number" : "is not a whole number",
            _ => $"cannot be read as {ShortName(type)}",
        };
    }

    private static bool IsOverflow(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is OverflowException)
            {
                return true;
            }
        }

        return false;
    }

    private static string ShortName(string type)
    {
        int comma = type.IndexOf(',', StringComparison.Ordinal);
        string name = comma < 0 ? type : type[..comma];
        int dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[(dot + 1)..];
    }
}
