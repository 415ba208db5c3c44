namespace PiTune.Api.SharedMemory;

/// <summary>What a region name and a shared-memory key may be.</summary>
internal static class ShmNames
{
    public const int MaxNameChars = 128;
    public const int MinKeyBytes = 2;

    /// <summary>NAME_MAX: the key less its '/' is one file name in /dev/shm.</summary>
    public const int MaxKeyBytes = 255;

    /// <summary>Where glibc's shm_open puts a key.</summary>
    public const string Directory = "/dev/shm";

    /// <summary>Why <paramref name="name"/> is not a region name (1 to 128 of A-Z a-z 0-9 _ . -), or null.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length is 0 or > MaxNameChars)
        {
            return $"a region name is 1 to {MaxNameChars} characters, \"{Shown(name)}\" has {name.Length}";
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return $"region name \"{Shown(name)}\" may hold only letters, digits, '_', '.' and '-'";
            }
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="key"/> is not a POSIX shared-memory name (one leading '/', no other '/', no "..", 2 to 255
    /// printable ASCII bytes), or null. Anything else could name a file outside /dev/shm.
    /// </summary>
    public static string? KeyProblem(string key)
    {
        const string Do = "use a POSIX shared-memory name such as \"/frames\" (as shm_open takes it)";
        if (key.Length < MinKeyBytes || key.Length > MaxKeyBytes)
        {
            return $"key \"{Shown(key)}\" is {key.Length} characters; a key is {MinKeyBytes} to {MaxKeyBytes}: {Do}";
        }

        foreach (char c in key)
        {
            if (c is < '!' or > '~')
            {
                return $"key \"{Shown(key)}\" holds a character that is not printable ASCII: {Do}";
            }
        }

        if (key[0] != '/')
        {
            return $"key \"{Shown(key)}\" does not start with '/': {Do}";
        }

        if (key.IndexOf('/', 1) >= 0)
        {
            return $"key \"{Shown(key)}\" has a '/' after the first: {Do}";
        }

        if (key.Contains("..", StringComparison.Ordinal) || key == "/.")
        {
            return $"key \"{Shown(key)}\" holds \"..\" or is \"/.\": {Do}";
        }

        return null;
    }

    /// <summary>The client's string cut for a message (a key may be megabytes).</summary>
    public static string Shown(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
