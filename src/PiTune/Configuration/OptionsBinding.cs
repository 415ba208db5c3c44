using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace PiTune.Configuration;

/// <summary>Creates an options instance and turns binding and validation failures into readable problems.</summary>
internal static class OptionsBinding
{
    public static bool TryCreate<T>(IOptionsFactory<T> factory, string sectionName, OptionsShape shape, List<string> problems, [NotNullWhen(true)] out T? value)
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
        catch (InvalidOperationException outer)
        {
            // The binder's own words name the key and value ("Failed to convert configuration value 'x'
            // at 'Sampling:Interval' to type 'System.TimeSpan'") or the unknown keys of the section. Inside a list
            // (Inference:Models:0:...) those words are wrapped in a general "binding has failed": unwrap them.
            InvalidOperationException ex = Innermost(outer);
            string message = BadValue(ex) ?? UnknownKeys(ex.Message, sectionName, shape) ?? ex.Message;
            problems.Add(message.Contains(sectionName, StringComparison.Ordinal) ? message : $"{sectionName}: {message}");
        }

        value = null;
        return false;
    }

    /// <summary>
    /// The problem with one key taken on its own, or null: an unknown key, or a value of the wrong type. Binding one key
    /// at a time lets the binder, which stops at its first error, find every such problem in a section.
    /// </summary>
    public static string? CheckKey<T>(string sectionName, string key, string value, OptionsShape shape, Action<IConfiguration, T> bind)
        where T : class, new()
    {
        IConfiguration single = new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]).Build();
        try
        {
            bind(single.GetSection(sectionName), new T());
            return null;
        }
        catch (InvalidOperationException outer)
        {
            InvalidOperationException ex = Innermost(outer);
            return BadValue(ex) ?? UnknownKey(ex.Message, sectionName, key, shape) ?? $"'{key}': {ex.Message}";
        }
    }

    /// <summary>The binder's "Failed to convert configuration value 'x' at 'K' to type 'T'" in words, or null for another error.</summary>
    private static string? BadValue(InvalidOperationException ex)
    {
        const string Prefix = "Failed to convert configuration value '";
        const string At = "' at '";
        string message = ex.Message;
        int at = message.IndexOf(At, StringComparison.Ordinal);
        int to = message.IndexOf("' to type '", StringComparison.Ordinal);
        if (!message.StartsWith(Prefix, StringComparison.Ordinal) || at < Prefix.Length || to < at)
        {
            return null;
        }

        return ConfigProblemWords.BadValue(message[(at + At.Length)..to], message[Prefix.Length..at], message, ex.InnerException);
    }

    /// <summary>"'Governor:Idel' is not a known key (known in Governor: Idle, Busy, ...)" for one key bound alone.</summary>
    private static string? UnknownKey(string message, string sectionName, string key, OptionsShape shape)
    {
        if (Unknown(message) is not { } found)
        {
            return null;
        }

        // The key as far as its first unknown part: "Governor:Idel:X" is unknown at "Governor:Idel".
        string name = found.Names.Trim('\'');
        string[] parts = key.Split(':');
        int index = Array.FindIndex(parts, 1, p => string.Equals(p, name, StringComparison.OrdinalIgnoreCase));
        string unknownKey = index < 0 ? key : string.Join(':', parts[..(index + 1)]);
        (string Path, OptionsShape Shape) owner = shape.Find(sectionName, found.TypeName) ?? (sectionName, shape);
        return $"'{unknownKey}' is not a known key (known in {owner.Path}: {owner.Shape.Known})";
    }

    private static (string Names, string TypeName)? Unknown(string message)
    {
        const string Marker = "ErrorOnUnknownConfiguration";
        const string On = "instance of ";
        int colon = message.LastIndexOf(": '", StringComparison.Ordinal);
        if (!message.Contains(Marker, StringComparison.Ordinal) || colon < 0)
        {
            return null;
        }

        int on = message.LastIndexOf(On, colon, StringComparison.Ordinal);
        return (message[(colon + 2)..], on < 0 ? "" : message[(on + On.Length)..colon]);
    }

    private static InvalidOperationException Innermost(InvalidOperationException ex)
    {
        while (ex.InnerException is InvalidOperationException inner)
        {
            ex = inner;
        }

        return ex;
    }

    /// <summary>
    /// Rewords the binder's unknown-property error as "Sampling: unknown key(s) 'Intervall' (known: ...)", or for an entry
    /// of a list inside the section "Inference:Models[]: unknown key(s) 'Colour' (known: Name, Path, ...)".
    /// </summary>
    private static string? UnknownKeys(string message, string sectionName, OptionsShape shape)
    {
        if (Unknown(message) is not { } found)
        {
            return null;
        }

        (string Path, OptionsShape Shape) owner = shape.Find(sectionName, found.TypeName) ?? (sectionName, shape);
        return $"{owner.Path}: unknown key(s) {found.Names} (known: {owner.Shape.Known})";
    }
}
