using Microsoft.Extensions.DependencyInjection;

namespace PiTune.Conflicts;

/// <summary>Registers the watch for tools that would fight PiTune (its findings are in /status).</summary>
internal static class ConflictRegistration
{
    public static IServiceCollection AddConflictWatch(this IServiceCollection services)
    {
        services.AddSingleton<ConflictWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<ConflictWatch>());
        return services;
    }
}
