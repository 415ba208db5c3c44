using Microsoft.Extensions.Configuration;
using PiTune.Configuration;
using PiTune.Linux.Tuning;

namespace PiTune.Profiles;

/// <summary>
/// Chooses the profile in force at start (the hand set kept in the state directory until the schedule's next edge,
/// else the schedule, else balanced) and lays it over the configuration before it is checked, so keys read only at
/// start follow it too. A profile that cannot be used at start (its file gone or refused) is said and balanced
/// stands in: the daemon starts on the configuration file as it is rather than not at all.
/// </summary>
internal static class ProfileStartup
{
    public static ActiveProfile Apply(IConfiguration configuration, ConfigSource source, TimeProvider time, TextWriter stderr)
    {
        var fallback = new ActiveProfile(BuiltInProfiles.Default, "default");
        if (ConfigurationFactory.ProfileProvider(configuration) is not { } overlay)
        {
            return fallback;
        }

        ProfileOptions options;
        try
        {
            options = configuration.GetSection(ProfileOptions.SectionName).Get<ProfileOptions>() ?? new ProfileOptions();
        }
        catch (InvalidOperationException)
        {
            // A bad Profiles section: the check that follows names it.
            return fallback;
        }

        string stateDirectory = configuration["State:Directory"] ?? new StateOptions().Directory;
        HandSet? hand = HandSetFile.Read(stateDirectory, out string? stateProblem);
        if (stateProblem is not null)
        {
            stderr.WriteLine($"pitune: warning: {stateProblem}");
        }

        ActiveProfile chosen = ProfileChoice.Choose(hand, options.Schedule ?? [], time.GetUtcNow(), time.LocalTimeZone);
        ProfileLoad load = ProfileCatalog.For(options.Directory, source.Path).Load(chosen.Name);
        if (!load.IsOk)
        {
            stderr.WriteLine($"pitune: warning: profile {chosen.Name} ({chosen.Reason}) cannot be used: {load.Problem}; starting with {BuiltInProfiles.Default}");
            return fallback;
        }

        overlay.Set(load.Name, load.Origin, load.Keys!);
        List<string> problems = ConfigChecker.Check(configuration);
        if (problems.Count > 0)
        {
            var annotated = problems.Select(p => ConfigOrigins.Annotate(configuration, p)).ToList();
            overlay.Set(BuiltInProfiles.Default, "built-in", BuiltInProfiles.All[BuiltInProfiles.Default]);
            if (ConfigChecker.Check(configuration).Count < problems.Count)
            {
                stderr.WriteLine($"pitune: warning: profile {chosen.Name} ({chosen.Reason}) refused: {string.Join("; ", annotated)}; starting with {BuiltInProfiles.Default}");
                return fallback;
            }

            // The problems are the file's own, not the profile's: keep the profile; the start's check names them.
            overlay.Set(load.Name, load.Origin, load.Keys!);
        }

        return chosen;
    }
}
