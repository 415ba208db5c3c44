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
                : UnknownKeys<T>(ex.Message, sectionName) ?? ex.Message;
            problems.Add(message.Contains(sectionName, StringComparison.Ordinal) ? message : $"{sectionName}: {message}");
        }

        value = null;
        return false;
    }

    /// <summary>Rewords the binder's unknown-property error as "Sampling: unknown key 'Intervall' (known: ...)".</summary>
    private static string? UnknownKeys<T>(string message, string sectionName)
    {
        const string Marker = "ErrorOnUnknownConfiguration";
        int colon = message.LastIndexOf(": '", StringComparison.Ordinal);
        if (!message.Contains(Marker, StringComparison.Ordinal) || colon < 0)
        {
            return null;
        }

        string unknown = message[(colon + 2)..];
        string known = string.Join(", ", typeof(T).GetProperties().Where(p => p.CanWrite).Select(p => p.Name));
        return $"{sectionName}: unknown key(s) {unknown} (known: {known})";
    }
}
