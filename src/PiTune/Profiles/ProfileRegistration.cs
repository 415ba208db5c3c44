using Microsoft.Extensions.DependencyInjection;

namespace PiTune.Profiles;

/// <summary>Registers the profile switch, its schedule and its endpoints.</summary>
internal static class ProfileRegistration
{
    public static IServiceCollection AddProfiles(this IServiceCollection services)
    {
        services.AddSingleton<ProfileService>();
        services.AddHostedService(sp => sp.GetRequiredService<ProfileService>());
        services.AddSingleton<ProfileEndpoints>();
        return services;
    }
}
