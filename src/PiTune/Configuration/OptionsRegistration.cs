using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PiTune.Configuration;

/// <summary>Registers an options section bound strictly (unknown keys are errors), validated on start and reloadable.</summary>
internal static class OptionsRegistration
{
    public static IServiceCollection AddValidatedOptions<T, TValidator>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where T : class, new()
        where TValidator : class, IValidateOptions<T>
    {
        services.AddOptions<T>()
            .Bind(configuration.GetSection(sectionName), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        services.AddSingleton(sp => new ValidatedOptionsMonitor<T>(sp.GetRequiredService<IOptionsFactory<T>>(), sectionName));
        services.AddSingleton<IOptionsMonitor<T>>(sp => sp.GetRequiredService<ValidatedOptionsMonitor<T>>());
        services.AddSingleton<IReloadableOptions>(sp => sp.GetRequiredService<ValidatedOptionsMonitor<T>>());
        services.AddSingleton<IOptionsSection>(new OptionsSection<T>(sectionName));
        return services;
    }
}
