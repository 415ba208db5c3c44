using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PiTune.Configuration;

/// <inheritdoc cref="IOptionsSection"/>
internal sealed class OptionsSection<T>(string sectionName) : IOptionsSection
    where T : class, new()
{
    public string SectionName => sectionName;

    public bool TryBind(IServiceProvider services, List<string> problems) =>
        OptionsBinding.TryCreate(services.GetRequiredService<IOptionsFactory<T>>(), sectionName, problems, out _);

    public string? CheckKey(string key, string value) => OptionsBinding.CheckKey<T>(sectionName, key, value);
}
