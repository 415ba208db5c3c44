using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PiTune.Configuration;

/// <summary>Registers an options section bound strictly (unknown keys are errors), validated on start and reloadable.</summary>
internal static class OptionsRegistration
{
    /// <summary>Binder settings for every section: a key the options type does not have is an error, never ignored.</summary>
    public static readonly Action<BinderOptions> Strict = static binder => binder.ErrorOnUnknownConfiguration = true;

    /// <summary>
    /// Registers <typeparamref name="T"/> from <paramref name="sectionName"/>. <paramref name="bind"/> is the caller's
    /// <c>Bind</c> call on the concrete type, so the configuration binding source generator writes the binding (a generic
    /// <c>Bind</c> here would fall back to the reflection binder, which Native AOT cannot run).
    /// </summary>
    public static IServiceCollection AddValidatedOptions<
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties)] T,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        this IServiceCollection services,
        IConfiguration configuration,
        string sectionName,
        Action<IConfiguration, T> bind,
        params OptionsShape[] nested)
        where T : class, new()
        where TValidator : class, IValidateOptions<T>
    {
        OptionsShape shape = OptionsShape.Of<T>("", nested);
        IConfiguration section = configuration.GetSection(sectionName);
        services.AddOptions<T>()
            .Configure(options => bind(section, options))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        services.AddSingleton(sp => new ValidatedOptionsMonitor<T>(sp.GetRequiredService<IOptionsFactory<T>>(), sectionName, shape));
        services.AddSingleton<IOptionsMonitor<T>>(sp => sp.GetRequiredService<ValidatedOptionsMonitor<T>>());
        services.AddSingleton<IReloadableOptions>(sp => sp.GetRequiredService<ValidatedOptionsMonitor<T>>());
        services.AddSingleton<IOptionsSection>(new OptionsSection<T>(sectionName, shape, bind));
        return services;
    }
}
