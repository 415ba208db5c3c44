using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PiTune.Linux.Conflicts;
using PiTune.Linux.Files;

namespace PiTune.Conflicts;

/// <summary>
/// Looks for tools that would fight PiTune at start and then every <see cref="Interval"/> (a unit started later is seen
/// within a minute): each newly found one is a warning naming it and what to do, one gone is an information line, a
/// tool still running says nothing more. <see cref="Current"/> is what <c>/status</c> shows. Reads only under the root.
/// </summary>
internal sealed class ConflictWatch(ISysFiles files, TimeProvider time, ILogger<ConflictWatch> logger) : IHostedService, IDisposable
{
    /// <summary>Listing /proc and /run/systemd/units: a few hundred small reads a minute.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private IReadOnlyList<Conflict> _current = [];
    private ITimer? _timer;

    public IReadOnlyList<Conflict> Current => Volatile.Read(ref _current);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The first look runs on the timer's thread at once: off the host's start path.
        _timer = time.CreateTimer(_ => Check(), null, TimeSpan.Zero, Interval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    /// <summary>One look; public for tests. Serialised: a slow /proc listing cannot overlap the next tick's.</summary>
    public void Check()
    {
        lock (_gate)
        {
            IReadOnlyList<Conflict> now;
            try
            {
                now = ConflictDetector.Find(files);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return; // /proc itself unreadable: nothing to say about other tools this time
            }

            IReadOnlyList<Conflict> before = Current;
            foreach (Conflict c in now.Where(c => !before.Any(b => b.Name == c.Name)))
            {
                if (c.FightsOver == ConflictDetector.Governor)
                {
                    ConflictLog.GovernorConflict(logger, c.Name, c.FoundBy);
                }
                else
                {
                    ConflictLog.FanConflict(logger, c.Name, c.FoundBy);
                }
            }

            foreach (Conflict c in before.Where(b => !now.Any(n => n.Name == b.Name)))
            {
                ConflictLog.ConflictGone(logger, c.Name);
            }

            Volatile.Write(ref _current, now);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
