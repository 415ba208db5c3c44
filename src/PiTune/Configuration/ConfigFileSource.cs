using Microsoft.Extensions.Configuration;

namespace PiTune.Configuration;

/// <summary>The configuration file as a source whose provider keeps its last good content (see <see cref="ConfigFileProvider"/>).</summary>
internal sealed class ConfigFileSource(string path, bool watch, TimeProvider time) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new ConfigFileProvider(path, watch, time);
}
