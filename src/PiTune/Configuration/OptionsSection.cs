using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PiTune.Configuration;

/// <inheritdoc cref="IOptionsSection"/>
internal sealed class OptionsSection<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(
    string sectionName, OptionsShape shape, Action<IConfiguration, T> bind) : IOptionsSection
    where T : class, new()
{
    public string SectionName => sectionName;

    public OptionsShape Shape => shape;

    public bool TryBind(IServiceProvider services, List<string> problems) =>
        OptionsBinding.TryCreate(services.GetRequiredService<IOptionsFactory<T>>(), sectionName, shape, problems, out _);

    public string? CheckKey(string key, string value) => OptionsBinding.CheckKey(sectionName, key, value, shape, bind);
}
