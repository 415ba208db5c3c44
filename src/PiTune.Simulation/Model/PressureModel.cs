namespace PiTune.Simulation.Model;

/// <summary>
/// One PSI resource (<c>/proc/pressure/*</c>): running averages over 10, 60 and 300 s of the share of time work
/// stalled, and the total stall time in microseconds, as kernel/sched/psi.c reports them.
/// </summary>
internal sealed class PressureModel(bool includeFull, double fullShareOfSome)
{
    private static readonly double[] WindowsSeconds = [10, 60, 300];
    private readonly double[] _averages = new double[WindowsSeconds.Length];
    private double _totalMicros;

    public void Accumulate(double somePercent, double seconds)
    {
        double percent = Math.Clamp(somePercent, 0, 100);
        for (int i = 0; i < _averages.Length; i++)
        {
            _averages[i] += (percent - _averages[i]) * (1 - Math.Exp(-seconds / WindowsSeconds[i]));
        }

        _totalMicros += percent / 100 * seconds * 1e6;
    }

    public string Format()
    {
        string some = Pi5Layout.PressureLine("some", _averages[0], _averages[1], _averages[2], (ulong)_totalMicros);
        if (!includeFull)
        {
            return some;
        }

        double f = fullShareOfSome;
        return some + Pi5Layout.PressureLine("full", _averages[0] * f, _averages[1] * f, _averages[2] * f, (ulong)(_totalMicros * f));
    }
}
