using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PiTune.Configuration;

namespace PiTune.Tests.Configuration;

public sealed class OptionsShapeTests
{
    /// <summary>
    /// The AOT binary cannot walk option types by reflection, so each section lists the types nested in it
    /// (PiTuneOptions). A nested type left out would make check-config name the wrong place and keys for an unknown key
    /// inside it; this walks the types here, in the test, and holds the lists to them.
    /// </summary>
    [Fact]
    public void Every_nested_options_type_is_listed_in_its_sections_shape()
    {
        using ServiceProvider services = new ServiceCollection()
            .AddPiTuneOptions(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        IOptionsSection[] sections = [.. services.GetServices<IOptionsSection>()];
        Assert.NotEmpty(sections);

        foreach (IOptionsSection section in sections)
        {
            string[] expected = [.. NestedPaths(section.Shape.Type, "").Order(StringComparer.Ordinal)];
            string[] listed = [.. Listed(section.Shape, "").Order(StringComparer.Ordinal)];
            Assert.True(expected.SequenceEqual(listed),
                $"{section.SectionName}: nested option types {string.Join(", ", expected)}; the shape lists {string.Join(", ", listed)}");
        }
    }

    [Fact]
    public void Known_keys_are_the_writable_properties_in_declaration_order()
    {
        OptionsShape shape = OptionsShape.Of<Sample>("");
        Assert.Equal("Interval, Names", shape.Known);
        Assert.Equal(("Sampling", shape), shape.Find("Sampling", nameof(Sample)));
    }

    private static IEnumerable<string> Listed(OptionsShape shape, string prefix) =>
        shape.Nested.SelectMany(n => Listed(n, Join(prefix, n.Path)).Prepend($"{Join(prefix, n.Path)}={n.Type.Name}"));

    private static IEnumerable<string> NestedPaths(Type type, string prefix)
    {
        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            Type t = property.PropertyType;
            bool list = t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>);
            Type candidate = list ? t.GetGenericArguments()[0] : t;
            // PiTune's own option classes; dictionaries (Memory:Sysctl) take free-form keys and have no shape.
            if (candidate.IsClass && candidate.Namespace?.StartsWith("PiTune", StringComparison.Ordinal) == true)
            {
                string path = Join(prefix, property.Name + (list ? "[]" : ""));
                yield return $"{path}={candidate.Name}";
                foreach (string inner in NestedPaths(candidate, path))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string Join(string prefix, string path) => prefix.Length == 0 ? path : $"{prefix}:{path}";

    private sealed class Sample
    {
        public TimeSpan Interval { get; set; }

        public List<string> Names { get; set; } = [];

        public int ReadOnly => Names.Count;
    }
}
