using System.Globalization;

namespace PiTune.Linux.Hwmon;

/// <summary>
/// The path of a numbered hwmon attribute (<c>pwm1</c>, <c>fan1_input</c>) per channel, built once per channel
/// so reading it every tick allocates nothing. hwmon channels count from 1.
/// </summary>
internal sealed class ChannelPaths(string directory, string prefix, string suffix)
{
    private const int Cached = 8;
    private readonly string?[] _paths = new string?[Cached + 1];

    public string For(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channel, 1);
        if (channel > Cached)
        {
            return Build(channel);
        }

        // A race builds the same string twice at worst.
        return _paths[channel] ??= Build(channel);
    }

    private string Build(int channel) => string.Create(CultureInfo.InvariantCulture, $"{directory}/{prefix}{channel}{suffix}");
}
