using PiTune.Core.Platform;

namespace PiTune.Core.Tests.Fakes;

/// <summary>/proc/stat whose counters the test advances: busy and idle ticks per core.</summary>
internal sealed class FakeProcStat(int cores) : IProcStat
{
    private readonly ulong[] _busy = new ulong[cores];
    private readonly ulong[] _idle = new ulong[cores];

    public ReadStatus FailWith { get; set; } = ReadStatus.Ok;

    public void Advance(int core, ulong busy, ulong idle)
    {
        _busy[core] += busy;
        _idle[core] += idle;
    }

    public ReadResult<int> Read(out CpuTimes total, Span<CpuTimes> perCpu)
    {
        total = default;
        if (FailWith != ReadStatus.Ok)
        {
            return ReadResult<int>.Fail(FailWith, "proc/stat", "fake");
        }

        ulong busy = 0, idle = 0;
        for (int i = 0; i < _busy.Length; i++)
        {
            if (i < perCpu.Length)
            {
                perCpu[i] = new CpuTimes(_busy[i], 0, 0, _idle[i], 0, 0, 0, 0);
            }

            busy += _busy[i];
            idle += _idle[i];
        }

        total = new CpuTimes(busy, 0, 0, idle, 0, 0, 0, 0);
        return ReadResult<int>.Ok(_busy.Length);
    }
}
