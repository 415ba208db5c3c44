using System.Globalization;
using PiTune.Core.Platform;

namespace PiTune.Simulation.Tests;

/// <summary>Reads /proc/stat lines the way proc(5) documents them.</summary>
internal static class ProcStatParser
{
    public static CpuTimes Line(string procStat, string name)
    {
        string line = procStat.Split('\n').Single(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var first, ..] && first == name);
        ulong[] v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
