using System.Globalization;

namespace PiTune.Profiles;

/// <summary>
/// <c>{State:Directory}/profile</c>: the profile set by hand and when (two lines), so a restart keeps it. Its faults are
/// values: a missing file is "none set", a garbled one is said and ignored.
/// </summary>
internal static class HandSetFile
{
    public const string FileName = "profile";

    public static HandSet? Read(string stateDirectory, out string? problem)
    {
        problem = null;
        string path = Path.Join(stateDirectory, FileName);
        string[] lines;
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"{path} cannot be read ({ex.Message}); the hand-set profile is not known";
            return null;
        }

        if (lines.Length < 2 || !ProfileCatalog.IsValidName(lines[0])
            || !DateTimeOffset.TryParse(lines[1], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset at))
        {
            problem = $"{path} is not a profile name and a time; ignored";
            return null;
        }

        return new HandSet(lines[0], at);
    }

    /// <summary>Writes (or with null, removes) the hand set; returns the problem in words, or null.</summary>
    public static string? Write(string stateDirectory, HandSet? hand)
    {
        string path = Path.Join(stateDirectory, FileName);
        try
        {
            if (hand is null)
            {
                File.Delete(path);
                return null;
            }

            System.IO.Directory.CreateDirectory(stateDirectory);
            string temp = path + ".tmp";
            File.WriteAllText(temp, $"{hand.Name}\n{hand.At.ToString("O", CultureInfo.InvariantCulture)}\n");
            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{path} cannot be written ({ex.Message})";
        }
    }
}
