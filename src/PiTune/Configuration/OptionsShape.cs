using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace PiTune.Configuration;

/// <summary>
/// The keys an options type takes, and the types nested in it (list entries such as <c>Inference:Models[]</c>), read once
/// from types the trimmer is told to keep properties for. It turns the binder's "properties were not found on the instance
/// of ModelOptions" into a key path and the list of keys that would have been known there.
/// </summary>
internal sealed class OptionsShape
{
    private OptionsShape(string path, Type type, IReadOnlyList<OptionsShape> nested)
    {
        Path = path;
        Type = type;
        TypeFullName = type.FullName ?? type.Name;
        TypeName = type.Name;
        Nested = nested;
    }

    /// <summary>The key path, relative to the owner: "" for a section itself, "Models[]" for a list entry.</summary>
    public string Path { get; }

    /// <summary>The options type (for tests that check every nested type is listed; its properties are read once, here).</summary>
    public Type Type { get; }

    public string TypeFullName { get; }

    public string TypeName { get; }

    /// <summary>The writable properties' names, comma-separated, in declaration order.</summary>
    public string Known { get; private init; } = "";

    public IReadOnlyList<OptionsShape> Nested { get; }

    public static OptionsShape Of<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string path, params OptionsShape[] nested) =>
        new(path, typeof(T), nested) { Known = KnownKeys(typeof(T)) };

    /// <summary>The shape named <paramref name="typeName"/> (full or short name) and its key path under <paramref name="sectionPath"/>.</summary>
    public (string Path, OptionsShape Shape)? Find(string sectionPath, string typeName)
    {
        if (TypeFullName == typeName || TypeName == typeName)
        {
            return (sectionPath, this);
        }

        foreach (OptionsShape inner in Nested)
        {
            if (inner.Find($"{sectionPath}:{inner.Path}", typeName) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static string KnownKeys([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        string.Join(", ", type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name));
}
