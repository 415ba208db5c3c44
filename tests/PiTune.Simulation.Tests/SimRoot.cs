using System.Globalization;

namespace PiTune.Simulation.Tests;

/// <summary>A simulated Pi 5 in a fresh temporary folder, removed again on dispose; with the daemon's side of the files.</summary>
internal sealed class SimRoot : IDisposable
{
    public SimRoot(SimulationOptions? options = null)
    {
        Path = System.IO.Path.Join(System.IO.Path.GetTempPath(), "pitune-sim-test-" + Guid.NewGuid().ToString("N")[..12]);
        Pi = new SimulatedPi5(Path, options ?? new SimulationOptions());
    }

    public string Path { get; }

    public SimulatedPi5 Pi { get; }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Join(Path, relativePath)).Trim('\n', '\0');

    public long ReadNumber(string relativePath) => long.Parse(Read(relativePath), CultureInfo.InvariantCulture);

    /// <summary>Writes like the daemon does: in place, truncating.</summary>
    public void Write(string relativePath, string value) => File.WriteAllText(System.IO.Path.Join(Path, relativePath), value);

    public void Seconds(int seconds, Action<int>? eachSecond = null)
    {
        for (int s = 1; s <= seconds; s++)
        {
            Pi.Advance(TimeSpan.FromSeconds(1));
            eachSecond?.Invoke(s);
        }
    }

    public double ZoneC => ReadNumber(Pi5Layout.Zone + "/temp") / 1000.0;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
