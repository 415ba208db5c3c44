using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
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
        catch (InvalidOperationException outer)
        {
            // The binder's own words name the key and value ("Failed to convert configuration value 'x'
            // at 'Sampling:Interval' to type 'System.TimeSpan'") or the unknown keys of the section. Inside a list
            // (Inference:Models:0:...) those words are wrapped in a general "binding has failed": unwrap them.
            InvalidOperationException ex = Innermost(outer);
            string message = BadValue(ex) ?? UnknownKeys<T>(ex.Message, sectionName) ?? ex.Message;
            problems.Add(message.Contains(sectionName, StringComparison.Ordinal) ? message : $"{sectionName}: {message}");
        }

        value = null;
        return false;
    }

    /// <summary>
    /// The problem with one key taken on its own, or null: an unknown key, or a value of the wrong type. Binding one key
    /// at a time lets the binder, which stops at its first error, find every such problem in a section.
    /// </summary>
    public static string? CheckKey<T>(string sectionName, string key, string value)
        where T : class, new()
    {
        IConfiguration single = new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]).Build();
        try
        {
            single.GetSection(sectionName).Bind(new T(), binder => binder.ErrorOnUnknownConfiguration = true);
            return null;
        }
        catch (InvalidOperationException outer)
        {
            InvalidOperationException ex = Innermost(outer);
            return BadValue(ex) ?? UnknownKey<T>(ex.Message, sectionName, key) ?? $"'{key}': {ex.Message}";
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
    private static string? UnknownKey<T>(string message, string sectionName, string key)
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
        (string Path, Type Type) owner = Find(typeof(T), sectionName, found.TypeName, depth: 0) ?? (sectionName, typeof(T));
        return $"'{unknownKey}' is not a known key (known in {owner.Path}: {Known(owner.Type)})";
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

    private static string Known(Type type) => string.Join(", ", type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name));

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
    private static string? UnknownKeys<T>(string message, string sectionName)
    {
        if (Unknown(message) is not { } found)
        {
            return null;
        }

        (string Path, Type Type) owner = Find(typeof(T), sectionName, found.TypeName, depth: 0) ?? (sectionName, typeof(T));
        return $"{owner.Path}: unknown key(s) {found.Names} (known: {Known(owner.Type)})";
    }

    /// <summary>The options type named <paramref name="typeName"/> within <paramref name="type"/>, and its key path.</summary>
    private static (string Path, Type Type)? Find(Type type, string path, string typeName, int depth)
    {
        if (type.FullName == typeName || type.Name == typeName)
        {
            return (path, type);
        }

        if (depth > 3)
        {
            return null;
        }

        foreach (System.Reflection.PropertyInfo property in type.GetProperties().Where(p => p.CanWrite))
        {
            Type t = property.PropertyType;
            Type? element = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) ? t.GetGenericArguments()[0] : null;
            Type candidate = element ?? t;
            if (candidate.IsClass && candidate != typeof(string)
                && Find(candidate, $"{path}:{property.Name}{(element is null ? "" : "[]")}", typeName, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
