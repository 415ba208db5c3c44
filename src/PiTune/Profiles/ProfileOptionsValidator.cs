using System.Globalization;
using Microsoft.Extensions.Options;

namespace PiTune.Profiles;

/// <summary>Names a bad <c>Profiles:Schedule</c> entry (a profile name that is not one, a time that is not HH:mm, an empty window).</summary>
internal sealed class ProfileOptionsValidator : IValidateOptions<ProfileOptions>
{
    public ValidateOptionsResult Validate(string? name, ProfileOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        List<ProfileWindow> windows = options.Schedule ?? [];
        for (int i = 0; i < windows.Count; i++)
        {
            ProfileWindow w = windows[i];
            if (!ProfileCatalog.IsValidName(w.Profile))
            {
                failures.Add($"Profiles:Schedule:{i}:Profile \"{w.Profile}\" is not a profile name (letters, digits, - and _)");
            }

            bool from = TryParseTime(w.From, out TimeOnly f);
            bool to = TryParseTime(w.To, out TimeOnly t);
            if (!from)
            {
                failures.Add($"Profiles:Schedule:{i}:From \"{w.From}\" is not a time of day such as 22:00");
            }

            if (!to)
            {
                failures.Add($"Profiles:Schedule:{i}:To \"{w.To}\" is not a time of day such as 07:00");
            }

            if (from && to && f == t)
            {
                failures.Add($"Profiles:Schedule:{i}: From and To are both {w.From}; the window would be empty");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool TryParseTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
