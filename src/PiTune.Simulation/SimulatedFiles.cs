namespace PiTune.Simulation;

/// <summary>
/// The simulated tree's files as the model sees them. Writes go to a temporary file in the same directory and are
/// renamed over the target, so a reader in another process sees the old or the new text, never half of it; and a
/// file is only written when its text differs from what it last held, which keeps the steady state cheap.
/// </summary>
internal sealed class SimulatedFiles(string root)
{
    // What each file held when the model last wrote or read it. Reads count too, so a value the daemon wrote
    // (a manual pwm1 under step_wise) is overwritten by the next kernel write even if the model wrote the same before.
    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);

    public string Root { get; } = root;

    /// <summary>The file's whole text, or null when it cannot be read (being rewritten, removed, unreadable).</summary>
    public string? Read(string relativePath)
    {
        try
        {
            string text = File.ReadAllText(Path.Join(Root, relativePath));
            _known[relativePath] = text;
            return text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes <paramref name="value"/> (a newline is added like sysfs does) unless the file already holds it.</summary>
    public bool Write(string relativePath, string value)
    {
        string text = value.EndsWith('\n') ? value : value + "\n";
        if (_known.TryGetValue(relativePath, out string? held) && held == text)
        {
            return false;
        }

        string target = Path.Join(Root, relativePath);
        string temp = Path.Join(Path.GetDirectoryName(target), "." + Path.GetFileName(target) + ".sim~");
        File.WriteAllText(temp, text);
        File.Move(temp, target, overwrite: true);
        _known[relativePath] = text;
        return true;
    }
}
