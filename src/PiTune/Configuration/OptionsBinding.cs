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
        catch (InvalidOperationException outer)
        {
            // The binder's own words name the key and value ("Failed to convert configuration value 'x'
            // at 'Sampling:Interval' to type 'System.TimeSpan'") or the unknown keys of the section. Inside a list
            // (Inference:Models:0:...) those words are wrapped in a general "binding has failed": unwrap them.
            InvalidOperationException ex = Innermost(outer);
            string message = ex.InnerException is { } inner && ex.Message.StartsWith("Failed to convert", StringComparison.Ordinal)
                ? $"{ex.Message} ({inner.Message})"
                : UnknownKeys<T>(ex.Message, sectionName) ?? ex.Message;
            problems.Add(message.Contains(sectionName, StringComparison.Ordinal) ? message : $"{sectionName}: {message}");
        }

        value = null;
        return false;
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
    private static string? UnknownKeys<T>(string message, string sectionName)
    {
        const string Marker = "ErrorOnUnknownConfiguration";
        const string On = "instance of ";
        int colon = message.LastIndexOf(": '", StringComparison.Ordinal);
        if (!message.Contains(Marker, StringComparison.Ordinal) || colon < 0)
        {
            return null;
        }

        string unknown = message[(colon + 2)..];
        int on = message.LastIndexOf(On, colon, StringComparison.Ordinal);
        string typeName = on < 0 ? "" : message[(on + On.Length)..colon];
        (string Path, Type Type) owner = Find(typeof(T), sectionName, typeName, depth: 0) ?? (sectionName, typeof(T));
        string known = string.Join(", ", owner.Type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name));
        return $"{owner.Path}: unknown key(s) {unknown} (known: {known})";
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
