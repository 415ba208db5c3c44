namespace PiTune.Simulation.Model;

/// <summary>
/// The jitter of a real zone reading: uniform within ±amplitude, drawn once per kernel poll. SplitMix64 on a fixed seed,
/// so two runs of the same board see the same jitter at the same polls (benchmarks compare policies on equal terms).
/// </summary>
internal sealed class ZoneNoise(double amplitudeC, ulong seed = 0x5EED_F00D)
{
    private ulong _state = seed;

    public double Next()
    {
        if (amplitudeC <= 0)
        {
            return 0;
        }

        ulong z = _state += 0x9E37_79B9_7F4A_7C15;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        z ^= z >> 31;
        double unit = (z >> 11) * (1.0 / (1UL << 53));
        return amplitudeC * ((2 * unit) - 1);
    }
}
