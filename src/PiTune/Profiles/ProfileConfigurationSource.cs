using Microsoft.Extensions.Configuration;

namespace PiTune.Profiles;

/// <summary>Adds the one <see cref="ProfileConfigurationProvider"/> of a configuration.</summary>
internal sealed class ProfileConfigurationSource(ProfileConfigurationProvider provider) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => provider;
}
