using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace PiTune.Configuration;

/// <summary>Creates an options instance and turns binding and validation failures into readable problems.</summary>
internal static class OptionsBinding
{
    public static bool TryCreate<T>(IOptionsFactory<T> factory, string sectionName, List<string> problems, [NotNullWhen(true)] out T? value)
        where T : class
    {
        try
        {
            value = factory.Create(Options.DefaultName);
            return true;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's own words name the key and value ("Failed to convert configuration value 'x'
            // at 'Sampling:Interval' to type 'System.TimeSpan'") or the unknown keys of the section.
            string message = ex.InnerException is { } inner && ex.Message.StartsWith("Failed to convert", StringComparison.Ordinal)
                ? $"{ex.Message} ({inner.Message})"
                : ex.Message;
            problems.Add(message.Contains(sectionName, StringComparison.Ordinal) ? message : $"{sectionName}: {message}");
        }

        value = null;
        return false;
    }
}
